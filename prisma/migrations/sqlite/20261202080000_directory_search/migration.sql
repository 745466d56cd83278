-- The directory's search box is a substring search (LIKE '%…%'), which no btree answers: at a
-- million users every search read every user and attribute. An FTS5 trigram index does (issue 10
-- item 4). FTS5 needs integer row ids that never change, and User and UserAttribute have text keys
-- (their implicit rowids may change on VACUUM or a table rebuild), so the searchable texts are
-- copied into UserSearchText, which has an INTEGER PRIMARY KEY, and indexed from there.
-- Triggers keep the copy in step with every write, whichever code makes it. A migration that
-- rebuilds User or UserAttribute drops their triggers: tests/directory.test.ts fails if it does.

-- CreateTable
CREATE TABLE "UserSearchText" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    -- 'email', or 'attribute:' and the attribute's key
    "source" TEXT NOT NULL,
    "text" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "UserSearchText_userId_source_key" ON "UserSearchText"("userId", "source");

-- An external-content index: it stores the trigrams, the text stays in UserSearchText.
CREATE VIRTUAL TABLE "UserSearchIndex" USING fts5("text", content='UserSearchText', content_rowid='id', tokenize='trigram');
-- Deleted texts leave the index at once rather than at the next merge: an erased person's email
-- must not linger in the index's pages.
INSERT INTO "UserSearchIndex"("UserSearchIndex", rank) VALUES ('secure-delete', 1);

CREATE TRIGGER "UserSearchText_after_insert" AFTER INSERT ON "UserSearchText" BEGIN
  INSERT INTO "UserSearchIndex"(rowid, "text") VALUES (new."id", new."text");
END;
CREATE TRIGGER "UserSearchText_after_delete" AFTER DELETE ON "UserSearchText" BEGIN
  INSERT INTO "UserSearchIndex"("UserSearchIndex", rowid, "text") VALUES ('delete', old."id", old."text");
END;
CREATE TRIGGER "UserSearchText_after_update" AFTER UPDATE OF "text" ON "UserSearchText" BEGIN
  INSERT INTO "UserSearchIndex"("UserSearchIndex", rowid, "text") VALUES ('delete', old."id", old."text");
  INSERT INTO "UserSearchIndex"(rowid, "text") VALUES (new."id", new."text");
END;

CREATE TRIGGER "User_search_after_insert" AFTER INSERT ON "User" BEGIN
  INSERT INTO "UserSearchText"("userId", "source", "text") VALUES (new."id", 'email', new."email");
END;
CREATE TRIGGER "User_search_after_update" AFTER UPDATE OF "email" ON "User" BEGIN
  UPDATE "UserSearchText" SET "text" = new."email" WHERE "userId" = old."id" AND "source" = 'email';
END;
CREATE TRIGGER "User_search_after_delete" AFTER DELETE ON "User" BEGIN
  DELETE FROM "UserSearchText" WHERE "userId" = old."id";
END;

CREATE TRIGGER "UserAttribute_search_after_insert" AFTER INSERT ON "UserAttribute" BEGIN
  INSERT INTO "UserSearchText"("userId", "source", "text") VALUES (new."userId", 'attribute:' || new."key", new."searchValue");
END;
CREATE TRIGGER "UserAttribute_search_after_update" AFTER UPDATE OF "userId", "key", "searchValue" ON "UserAttribute" BEGIN
  DELETE FROM "UserSearchText" WHERE "userId" = old."userId" AND "source" = 'attribute:' || old."key";
  INSERT INTO "UserSearchText"("userId", "source", "text") VALUES (new."userId", 'attribute:' || new."key", new."searchValue");
END;
CREATE TRIGGER "UserAttribute_search_after_delete" AFTER DELETE ON "UserAttribute" BEGIN
  DELETE FROM "UserSearchText" WHERE "userId" = old."userId" AND "source" = 'attribute:' || old."key";
END;

-- The people already here.
INSERT INTO "UserSearchText"("userId", "source", "text") SELECT "id", 'email', "email" FROM "User";
INSERT INTO "UserSearchText"("userId", "source", "text") SELECT "userId", 'attribute:' || "key", "searchValue" FROM "UserAttribute";
