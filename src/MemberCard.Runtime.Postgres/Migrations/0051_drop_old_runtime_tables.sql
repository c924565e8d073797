-- The home-made runtime's membership, grain directory and reminder tables (0004, 0012): Orleans' ADO.NET clustering
-- and reminders use orleans_membership* and orleans_reminders (0050) instead, and its directory lives in memory.
DROP TABLE IF EXISTS grain_directory;
DROP TABLE IF EXISTS cluster_members;
DROP TABLE IF EXISTS cluster_version;
DROP TABLE IF EXISTS reminders;
