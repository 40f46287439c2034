-- Kasir terminal database, version 17: modifiers (Sugar: normal / less / none; Ice: hot
-- / iced; Add-ons: extra shot +Rp 5,000).

-- A product's modifier groups, as the last pull carried them: a pulled product replaces
-- all of its groups. The version is the server's, bumped by every change of the group,
-- and travels with each option chosen in a sale so the server can tell which price list
-- the till sold from.
CREATE TABLE modifier_groups (
  id           INTEGER PRIMARY KEY,
  product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  name         TEXT    NOT NULL,
  multiple     INTEGER NOT NULL CHECK (multiple IN (0, 1)),
  min_choices  INTEGER NOT NULL CHECK (min_choices >= 0),
  max_choices  INTEGER NOT NULL CHECK (max_choices >= 0),
  version      INTEGER NOT NULL
);
CREATE INDEX modifier_groups_product ON modifier_groups (product_id, position);

CREATE TABLE modifier_options (
  group_id  INTEGER NOT NULL REFERENCES modifier_groups (id) ON DELETE CASCADE,
  id        INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  name      TEXT    NOT NULL,
  price     INTEGER NOT NULL CHECK (price >= 0),
  PRIMARY KEY (group_id, id)
) WITHOUT ROWID;

-- The options chosen on a sale line, as sold: names and prices kept like the line's own,
-- so a receipt reprinted after the menu changed still reads as it did. They go with
-- their sale when retention prunes it.
CREATE TABLE sale_line_options (
  sale_id        TEXT    NOT NULL REFERENCES sales (sale_id) ON DELETE CASCADE,
  line_no        INTEGER NOT NULL,
  position       INTEGER NOT NULL,
  group_id       INTEGER NOT NULL,
  group_version  INTEGER NOT NULL,
  option_id      INTEGER NOT NULL,
  group_name     TEXT,
  name           TEXT,
  price          INTEGER NOT NULL CHECK (price >= 0),
  PRIMARY KEY (sale_id, line_no, position)
) WITHOUT ROWID;
