/* test-sync-staff.c — staff kept at one till reach the outlet's other tills, over a real
 * kasir-server and two real till databases:
 *
 *  - a staff member added offline on till a, approved by a manager, is queued; once a
 *    syncs, the server has them and till b, after its pull, lets them sign in with
 *    their PIN;
 *  - a PIN reset on till a locks the old PIN out on till b after the sync, and the new
 *    one signs in there;
 *  - the same change approved by a cashier is rejected by the server: nothing reaches
 *    till b.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-staff-admin-repository.h"
#include "kasir-test-network-monitor.h"
#include "pin-test-util.h"
#include "sync-test-util.h"

typedef SyncTestOutlet Fixture;

static gint64
staff_id_named (KasirDatabase *db,
                const char    *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM staff WHERE name = '%s'", name);

  return sync_test_local_query (db, sql);
}

/* The id @pin signs in as on @db, or 0 when it does not. */
static gint64
sign_in (KasirDatabase *db,
         const char    *pin)
{
  g_autoptr(KasirPinGuard) guard = kasir_pin_guard_new (db);
  int code;

  return try_pin (guard, pin, &code);
}

static void
test_added_and_reset (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirStaffAdminRepository) admin_a = kasir_staff_admin_repository_new (f->a.db);
  g_autoptr(GError) error = NULL;
  gint64 manager = sync_test_local_query (f->a.db, "SELECT min(id) FROM staff WHERE role = 'manager' "
                                                   "AND outlet_id = 1");
  gint64 cashier = sync_test_local_query (f->a.db, "SELECT min(id) FROM staff WHERE role = 'cashier' "
                                                   "AND outlet_id = 1");
  gint64 on_b, on_a;

  g_assert_cmpint (manager, >, 0);
  /* Offline on till a: the new staff member is queued, with a manager's approval. */
  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  g_assert_cmpint (kasir_staff_admin_repository_add (admin_a, manager, "Tono Prasetyo", "supervisor",
                                                     "135790", "135790", &error),
                   ==, KASIR_STAFF_ADMIN_QUEUED);
  g_assert_no_error (error);
  /* The same, approved by a cashier, is queued too (the till asks the server, which
   * decides) and rejected there. */
  g_assert_cmpint (kasir_staff_admin_repository_add (admin_a, cashier, "Yanto", "cashier",
                                                     "8642", "8642", &error),
                   ==, KASIR_STAFF_ADMIN_QUEUED);
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE type = 'staff.upsert'"),
                   ==, 2);

  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  sync_test_till_sync (&f->a);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM staff WHERE name = 'Tono Prasetyo' "
                                                      "AND role = 'supervisor' AND outlet_id = 1"), ==, 1);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM staff WHERE name = 'Yanto'"), ==, 0);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected' "
                                                   "AND type = 'staff.upsert'"), ==, 1);

  /* Till b pulls the new staff member, who signs in there with their PIN. */
  sync_test_till_sync (&f->b);
  on_b = staff_id_named (f->b.db, "Tono Prasetyo");
  g_assert_cmpint (on_b, >, 0);
  g_assert_cmpint (staff_id_named (f->b.db, "Yanto"), ==, 0);
  g_assert_cmpint (sign_in (f->b.db, "135790"), ==, on_b);

  /* A PIN reset on till a (which has the staff member from its own pull by now), while
   * till b is offline: b keeps the old PIN until it syncs. */
  sync_test_till_sync (&f->a);
  kasir_test_network_monitor_set_available (f->b.monitor, FALSE);
  on_a = staff_id_named (f->a.db, "Tono Prasetyo");
  g_assert_cmpint (on_a, ==, on_b);
  g_assert_true (kasir_staff_admin_repository_set_pin (admin_a, manager, on_a, "975310", "975310", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sign_in (f->a.db, "975310"), ==, on_a);
  /* Till b still knows the old PIN until it syncs. */
  g_assert_cmpint (sign_in (f->b.db, "135790"), ==, on_b);
  sync_test_till_sync (&f->a);
  kasir_test_network_monitor_set_available (f->b.monitor, TRUE);
  sync_test_till_sync (&f->b);
  g_assert_cmpint (sign_in (f->b.db, "135790"), ==, 0);
  g_assert_cmpint (sign_in (f->b.db, "975310"), ==, on_b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Kasir/Sync/Staff/added-and-reset", Fixture, NULL, sync_test_outlet_set_up,
              test_added_and_reset, sync_test_outlet_tear_down);
  return g_test_run ();
}
