/* kasir-test-repos.c — the fixture of test-store-repos, test-store-catalog and
 * test-store-records: a real encrypted database in a temporary directory.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kasir-cart.h"
#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-catalog-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-cart-repository.h"
#include "kasir-settings-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-customer-repository.h"
#include "store-test-util.h"

#include "kasir-test-repos.h"

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = store_test_tmp_dir ();
  f->path = g_build_filename (f->dir, "kasir.db", NULL);
  store_test_random_key (f->key);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->db);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  store_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->db);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
}
