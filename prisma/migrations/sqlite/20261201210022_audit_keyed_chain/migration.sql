-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "keyVersion" INTEGER;
ALTER TABLE "AuditEvent" ADD COLUMN "personalText" TEXT;
