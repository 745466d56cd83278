-- AlterTable
ALTER TABLE "User" ADD COLUMN "legalHoldReason" TEXT;

-- AlterTable
ALTER TABLE "DataSubjectRequest" ADD COLUMN "filedById" TEXT;
ALTER TABLE "DataSubjectRequest" ADD COLUMN "notes" TEXT;

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RetentionRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "policyId" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "affected" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "startedById" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "details" TEXT,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "RetentionRun_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "RetentionPolicy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RetentionRun" ("affected", "dryRun", "finishedAt", "id", "policyId", "startedAt") SELECT "affected", "dryRun", "finishedAt", "id", "policyId", "startedAt" FROM "RetentionRun";
DROP TABLE "RetentionRun";
ALTER TABLE "new_RetentionRun" RENAME TO "RetentionRun";
CREATE INDEX "RetentionRun_policyId_startedAt_idx" ON "RetentionRun"("policyId", "startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DataSubjectRequest_assigneeId_status_idx" ON "DataSubjectRequest"("assigneeId", "status");
