-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "entryMac" TEXT,
ADD COLUMN     "unsealedSince" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "AuditEvent_unsealedSince_idx" ON "AuditEvent"("unsealedSince");
