-- CreateTable
CREATE TABLE "once_claims" (
    "key" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "once_claims_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "once_claims_expires_at_idx" ON "once_claims"("expires_at");
