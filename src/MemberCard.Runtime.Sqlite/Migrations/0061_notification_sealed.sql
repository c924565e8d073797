-- A message for one phone (a phone-change code, a warning to an old number) is kept sealed under the member's data
-- key (docs/security.md, "Phone changes"); the dispatcher opens it when it sends. Null for every other message.
ALTER TABLE notifications ADD COLUMN sealed TEXT NULL;
