-- CreateTable
CREATE TABLE "once_claims" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "expires_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "once_claims_expires_at_idx" ON "once_claims"("expires_at");
