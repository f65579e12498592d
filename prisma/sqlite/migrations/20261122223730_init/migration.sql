-- CreateTable
CREATE TABLE "daily_counts" (
    "campaign" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("campaign", "day", "metric", "key")
);
