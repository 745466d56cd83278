-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "entryMac" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "unsealedSince" DATETIME;

-- CreateIndex
CREATE INDEX "AuditEvent_unsealedSince_idx" ON "AuditEvent"("unsealedSince");
