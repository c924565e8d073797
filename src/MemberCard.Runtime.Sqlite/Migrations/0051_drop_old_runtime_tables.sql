-- The home-made runtime's reminder table (0012): Orleans' reminder service keeps them in orleans_reminders (0050).
DROP TABLE IF EXISTS reminders;
