-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "personalDigest" TEXT,
ADD COLUMN     "sequence" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_sequence_key" ON "AuditEvent"("sequence");
