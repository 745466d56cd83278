-- AlterTable
ALTER TABLE "User" ADD COLUMN     "legalHoldReason" TEXT;

-- AlterTable
ALTER TABLE "RetentionRun" ADD COLUMN     "details" TEXT,
ADD COLUMN     "error" TEXT,
ADD COLUMN     "startedById" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'running',
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'manual';

-- AlterTable
ALTER TABLE "DataSubjectRequest" ADD COLUMN     "filedById" TEXT,
ADD COLUMN     "notes" TEXT;

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "DataSubjectRequest_assigneeId_status_idx" ON "DataSubjectRequest"("assigneeId", "status");
