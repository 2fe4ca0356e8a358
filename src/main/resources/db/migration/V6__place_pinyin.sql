-- Issue 15: the district and villages carry their names in pinyin (computed by the demo generator), as towns
-- already do; public fields of the catalogue, shown in the English interface and searched by the place search.
ALTER TABLE "district" ADD COLUMN "pinyin" text;
ALTER TABLE "villages" ADD COLUMN "pinyin" text;
