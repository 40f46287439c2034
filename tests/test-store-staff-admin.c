/* test-store-staff-admin.c — a standalone till's staff kept by a manager, over a real
 * encrypted database: PIN rules per role, a PIN reset that locks the old PIN out, the
 * last manager kept active, and an enrolled till queueing staff.upsert with each change.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-pin.h"
#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-staff-admin-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-sync-state-repository.h"
#include "store-test-util.h"

typedef struct
{
  char                      *dir;
  KasirDatabase             *db;
  KasirStaffAdminRepository *admin;
  KasirStaffRepository      *staff;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  f->dir = store_test_tmp_dir ();
  path = g_build_filename (f->dir, "kasir.db", NULL);
  store_test_random_key (key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  f->admin = kasir_staff_admin_repository_new (f->db);
  f->staff = kasir_staff_repository_new (f->db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->admin);
  g_assert_finalize_object (f->staff);
  g_assert_finalize_object (f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count_staff (Fixture *f)
{
  gint64 n = -1;

  g_assert_true (kasir_database_query_int64 (f->db, "SELECT count(*) FROM staff", &n, NULL));
  return n;
}

static gboolean
pin_works (Fixture    *f,
           gint64      id,
           const char *pin)
{
  g_autoptr(KasirStaff) s = kasir_staff_repository_get (f->staff, id, NULL);

  return s != NULL && s->active && kasir_pin_verify (s->pin_hash, pin);
}

static void
test_add_and_reset (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *name, *role, *pin, *again, *field;
  } bad[] = {
    { "", "cashier", "1234", "1234", "Name" },
    { "Sari", "cashier", "12a4", "12a4", "digits only" },
    { "Sari", "cashier", "1234", "1243", "not the same" },
    { "Sari", "cashier", "123", "123", "4 to 12" },
    { "Budi", "manager", "1234", "1234", "6 to 12" },
    { "Budi", "owner", "123456", "123456", "Role" },
    { "Rina", "supervisor", "1234", "1234", "6 to 12" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 budi, sari;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (kasir_staff_admin_repository_add (f->admin, 0, bad[i].name, bad[i].role,
                                                         bad[i].pin, bad[i].again, &error), ==, 0);
      g_assert_nonnull (error);
      if (strstr (error->message, bad[i].field) == NULL)
        g_error ("case %u: “%s” does not name “%s”", i, error->message, bad[i].field);
      g_clear_error (&error);
      g_assert_cmpint (count_staff (f), ==, 0);
    }

  budi = kasir_staff_admin_repository_add (f->admin, 0, "Budi", "manager", "246810", "246810", &error);
  g_assert_no_error (error);
  sari = kasir_staff_admin_repository_add (f->admin, 0, "  Sari ", "cashier", "1357", "1357", &error);
  g_assert_no_error (error);
  g_assert_true (pin_works (f, budi, "246810"));
  g_assert_true (pin_works (f, sari, "1357"));
  all = kasir_staff_admin_repository_list (f->admin, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((KasirStaff *) all->pdata[1])->name, ==, "Sari");
  g_assert_null (((KasirStaff *) all->pdata[1])->pin_hash);

  /* A reset: the old PIN stops working, the new one works; a bad new PIN changes nothing. */
  g_assert_false (kasir_staff_admin_repository_set_pin (f->admin, 0, sari, "99x9", "99x9", &error));
  g_clear_error (&error);
  g_assert_true (pin_works (f, sari, "1357"));
  g_assert_true (kasir_staff_admin_repository_set_pin (f->admin, 0, sari, "8642", "8642", &error));
  g_assert_no_error (error);
  g_assert_false (pin_works (f, sari, "1357"));
  g_assert_true (pin_works (f, sari, "8642"));
  /* A manager's PIN follows the manager's rule. */
  g_assert_false (kasir_staff_admin_repository_set_pin (f->admin, 0, budi, "1234", "1234", &error));
  g_clear_error (&error);
  g_assert_true (pin_works (f, budi, "246810"));
}

static void
test_deactivate (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 budi = kasir_staff_admin_repository_add (f->admin, 0, "Budi", "manager", "246810", "246810", &error);
  gint64 sari = kasir_staff_admin_repository_add (f->admin, 0, "Sari", "cashier", "1357", "1357", &error);
  gint64 active = 0;

  g_assert_no_error (error);
  g_assert_false (kasir_staff_admin_repository_set_active (f->admin, 0, budi, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (pin_works (f, budi, "246810"));

  g_assert_true (kasir_staff_admin_repository_set_active (f->admin, 0, sari, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (pin_works (f, sari, "1357"));
  g_assert_true (kasir_staff_repository_count_active (f->staff, &active, &error));
  g_assert_cmpint (active, ==, 1);
  g_assert_true (kasir_staff_admin_repository_set_active (f->admin, 0, sari, TRUE, &error));
  g_assert_true (pin_works (f, sari, "1357"));
  g_assert_false (kasir_staff_admin_repository_set_active (f->admin, 0, 99, FALSE, &error));
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
}

/* The payload of the outbox row @seq, checked to be a staff.upsert. */
static KasirStaffUpsert *
queued_upsert (Fixture *f,
               gint64   seq)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirOutboxEntry) entry = kasir_outbox_repository_get (outbox, seq, NULL);
  g_autofree char *text = NULL;

  g_assert_nonnull (entry);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_STAFF_UPSERT);
  text = json_to_string (entry->mutation->payload, FALSE);
  /* Only the hash travels: no PIN the test typed appears in the queue. */
  g_assert_null (strstr (text, "1357"));
  g_assert_null (strstr (text, "8642"));
  return kasir_protocol_decode_staff_upsert (entry->mutation->payload, NULL);
}

static gint64
count_outbox (Fixture *f)
{
  gint64 n = -1;

  g_assert_true (kasir_database_query_int64 (f->db, "SELECT count(*) FROM outbox", &n, NULL));
  return n;
}

/* An enrolled till queues staff.upsert with each change, in the same transaction as the
 * local write, approved by a manager; a new staff member waits for the server's id. */
static void
test_enrolled (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KasirSyncStateRepository) state = kasir_sync_state_repository_new (f->db);
  g_autoptr(GPtrArray) pulled = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_staff_free);
  g_autoptr(KasirStaffUpsert) added = NULL;
  g_autoptr(KasirStaffUpsert) reset = NULL;
  g_autoptr(KasirStaffUpsert) left = NULL;
  g_autoptr(GError) error = NULL;
  KasirStaff *sari = kasir_staff_new ();

  g_assert_true (kasir_sync_state_repository_set_identity (state, 7, 2, "https://x.example", &error));

  /* Without a manager's approval nothing is queued. */
  g_assert_cmpint (kasir_staff_admin_repository_add (f->admin, 0, "Rina", "cashier", "1357", "1357",
                                                     &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (count_outbox (f), ==, 0);

  g_assert_cmpint (kasir_staff_admin_repository_add (f->admin, 5, "Rina", "supervisor", "135791",
                                                     "135791", &error), ==, KASIR_STAFF_ADMIN_QUEUED);
  g_assert_no_error (error);
  g_assert_cmpint (count_staff (f), ==, 0);
  added = queued_upsert (f, 1);
  g_assert_cmpint (added->entity_id, ==, 0);
  g_assert_cmpint (added->approved_by, ==, 5);
  g_assert_cmpstr (added->role, ==, "supervisor");
  g_assert_true (kasir_pin_verify (added->pin_hash, "135791"));

  /* A staff member the server sent: a PIN reset writes the new hash here and queues it. */
  sari->id = 11;
  sari->outlet_id = 2;
  sari->name = g_strdup ("Sari");
  sari->role = g_strdup ("cashier");
  sari->pin_hash = kasir_pin_hash ("1357", NULL);
  sari->active = TRUE;
  g_ptr_array_add (pulled, sari);
  g_assert_true (kasir_staff_repository_upsert (f->staff, pulled, &error));
  g_assert_true (kasir_staff_admin_repository_set_pin (f->admin, 5, 11, "8642", "8642", &error));
  g_assert_no_error (error);
  g_assert_false (pin_works (f, 11, "1357"));
  g_assert_true (pin_works (f, 11, "8642"));
  reset = queued_upsert (f, 2);
  g_assert_cmpint (reset->entity_id, ==, 11);
  g_assert_true (kasir_pin_verify (reset->pin_hash, "8642"));

  /* Deactivating queues the state without a PIN hash. */
  g_assert_true (kasir_staff_admin_repository_set_active (f->admin, 5, 11, FALSE, &error));
  left = queued_upsert (f, 3);
  g_assert_false (left->active);
  g_assert_null (left->pin_hash);
  g_assert_false (pin_works (f, 11, "8642"));

  /* Without an approver the reset is refused and nothing changes. */
  g_assert_false (kasir_staff_admin_repository_set_active (f->admin, 0, 11, TRUE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_cmpint (count_outbox (f), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/StaffAdmin/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("add-and-reset", test_add_and_reset);
  ADD ("deactivate", test_deactivate);
  ADD ("enrolled", test_enrolled);
#undef ADD

  return g_test_run ();
}
