/* kasir-test-repos.h — the repository tests' fixture: a real encrypted database in a
 * temporary directory, reopened on demand.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kasir-database.h"

typedef struct
{
  char          *dir;
  char          *path;
  guint8         key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;
} Fixture;

G_BEGIN_DECLS

void
fixture_set_up (Fixture       *f,
                gconstpointer  data);

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data);

void
reopen (Fixture *f);

G_END_DECLS
