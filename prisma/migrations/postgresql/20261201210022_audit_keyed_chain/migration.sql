-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "keyVersion" INTEGER,
ADD COLUMN     "personalText" TEXT;
