-- Issue 17 (relapse watch): a visit may report an event that puts the household at risk (a large medical
-- expense, a disaster, a loss of work); the watch's rules read it (catalogue field visits.reported).
ALTER TABLE "visits" ADD COLUMN "reported" text;
