/* test-store-records.c — the smaller repositories over a real encrypted database:
 * settings, sync state, conflicts, shifts, staff and customers.
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

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 n = 0;

  value = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_no_error (error);
  g_assert_null (value);
  g_assert_true (kasir_settings_repository_set_string (settings, "store.name", "Toko Maju",
                                                       &error));
  g_assert_true (kasir_settings_repository_set_string (settings, "store.name", "Toko Jaya",
                                                       &error));
  value = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_cmpstr (value, ==, "Toko Jaya");

  g_assert_true (kasir_settings_repository_get_int64 (settings, "receipt.width", 42, &n, &error));
  g_assert_cmpint (n, ==, 42);
  g_assert_true (kasir_settings_repository_set_int64 (settings, "receipt.width", -32, &error));
  g_assert_true (kasir_settings_repository_get_int64 (settings, "receipt.width", 42, &n, &error));
  g_assert_cmpint (n, ==, -32);
  g_assert_false (kasir_settings_repository_get_int64 (settings, "store.name", 0, &n, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (kasir_settings_repository_set_string (settings, "", "x", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_settings_repository_set_string (settings, "k", "\xff\xfe", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_object (&settings);
  reopen (f);
  settings = kasir_settings_repository_new (f->db);
  g_clear_pointer (&value, g_free);
  value = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_cmpstr (value, ==, "Toko Jaya");
  g_assert_true (kasir_settings_repository_remove (settings, "store.name", &error));
  g_clear_pointer (&value, g_free);
  value = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_null (value);
}

static void
test_sync_state (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (f->db);
  g_autoptr(KasirSyncState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = kasir_sync_state_repository_load (repo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state->cursor, ==, 0);
  g_assert_cmpint (state->terminal_id, ==, 0);
  g_assert_null (state->server_url);
  g_clear_pointer (&state, kasir_sync_state_free);

  g_assert_false (kasir_sync_state_repository_set_identity (repo, 0, 2, "http://x", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_sync_state_repository_set_cursor (repo, -1, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A pulled page and its cursor commit together — or not at all. */
  g_assert_true (kasir_database_begin (f->db, &error));
  g_assert_true (kasir_sync_state_repository_set_cursor (repo, 1234, &error));
  kasir_database_rollback (f->db);
  g_assert_true (kasir_sync_state_repository_set_identity (repo, 7, 2, "https://pos.example",
                                                           &error));
  g_assert_true (kasir_sync_state_repository_set_cursor (repo, 99, &error));
  g_assert_true (kasir_sync_state_repository_set_last_acked_seq (repo, 5, &error));

  g_clear_object (&repo);
  reopen (f);
  repo = kasir_sync_state_repository_new (f->db);
  state = kasir_sync_state_repository_load (repo, &error);
  g_assert_cmpint (state->cursor, ==, 99);
  g_assert_cmpint (state->last_acked_seq, ==, 5);
  g_assert_cmpint (state->terminal_id, ==, 7);
  g_assert_cmpint (state->outlet_id, ==, 2);
  g_assert_cmpstr (state->server_url, ==, "https://pos.example");
  g_clear_pointer (&state, kasir_sync_state_free);

  g_assert_true (kasir_sync_state_repository_clear_identity (repo, &error));
  state = kasir_sync_state_repository_load (repo, &error);
  g_assert_cmpint (state->terminal_id, ==, 0);
  g_assert_cmpint (state->cursor, ==, 0);
  g_assert_cmpint (state->last_acked_seq, ==, 5);
}

static KasirConflict *
make_conflict (gint64               id,
               KasirConflictStatus  status,
               const char          *created_at)
{
  KasirConflict *c = kasir_conflict_new ();

  c->id = id;
  c->kind = KASIR_CONFLICT_STOCK_SHORTAGE;
  c->status = status;
  c->entity = g_strdup ("stock");
  c->entity_id = g_strdup ("42:2");
  c->terminal = json_from_string ("{\"qty\": -3}", NULL);
  c->server = json_from_string ("{\"qty\": 1}", NULL);
  c->terminal_id = 7;
  c->seq = 12;
  c->created_at = g_strdup (created_at);
  c->version = 1;

  return c;
}

static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirConflictRepository) repo = kasir_conflict_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_conflict_free);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(KasirConflict) back = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(KasirConflictResolve) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) counted = json_from_string ("{\"qty\": 5}", NULL);
  KasirConflictResolve resolve = { 0 };
  KasirConflict *bad;
  gint64 n = -1;

  g_ptr_array_add (list, make_conflict (1, KASIR_CONFLICT_OPEN, "2026-11-22T08:00:00Z"));
  g_ptr_array_add (list, make_conflict (2, KASIR_CONFLICT_RESOLVED_BY_RULE,
                                        "2026-11-22T09:00:00Z"));
  bad = make_conflict (3, KASIR_CONFLICT_OPEN, "yesterday");
  g_ptr_array_add (list, bad);
  g_assert_false (kasir_conflict_repository_upsert (repo, list, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kasir_conflict_repository_count_open (repo, &n, &error));
  g_assert_cmpint (n, ==, 0);

  g_ptr_array_remove (list, bad);
  g_assert_true (kasir_conflict_repository_upsert (repo, list, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_conflict_repository_count_open (repo, &n, &error));
  g_assert_cmpint (n, ==, 1);
  open = kasir_conflict_repository_list (repo, KASIR_CONFLICT_OPEN, 0, 10, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = kasir_conflict_repository_list (repo, -1, 0, 10, &error);
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_cmpint (((KasirConflict *) open->pdata[0])->id, ==, 2);  /* newest first */

  back = kasir_conflict_repository_get (repo, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->entity_id, ==, "42:2");
  g_assert_true (json_node_equal (back->terminal, ((KasirConflict *) list->pdata[0])->terminal));
  g_assert_null (back->base);
  g_clear_pointer (&back, kasir_conflict_free);

  /* A decision made against an older version is refused and queues nothing. */
  resolve.conflict_id = 1;
  resolve.expected_version = 0;
  resolve.decision = (char *) "counted_stock";
  resolve.staff_id = 5;
  resolve.values = counted;
  /* The same rules as a manager's decision: stock moves, so a note is required. */
  resolve.note = (char *) "Counted on the shelf";
  g_assert_cmpint (kasir_conflict_repository_resolve (repo, &resolve, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &n, &error));
  g_assert_cmpint (n, ==, 0);

  resolve.expected_version = 1;
  g_assert_cmpint (kasir_conflict_repository_resolve (repo, &resolve, &error), ==, 1);
  g_assert_no_error (error);
  back = kasir_conflict_repository_get (repo, 1, &error);
  g_assert_cmpint (back->status, ==, KASIR_CONFLICT_RESOLVED);
  g_assert_nonnull (back->resolution);
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_CONFLICT_RESOLVE);
  g_assert_cmpstr (entry->entity_id, ==, "1");
  decoded = kasir_protocol_decode_conflict_resolve (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded->decision, ==, "counted_stock");

  /* Twice is refused. */
  g_assert_cmpint (kasir_conflict_repository_resolve (repo, &resolve, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);

  g_assert_true (kasir_conflict_repository_delete (repo, 2, &error));
  g_clear_pointer (&back, kasir_conflict_free);
  back = kasir_conflict_repository_get (repo, 2, &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
}

static void
test_shifts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (f->db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(KasirShift) again = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) counted = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(KasirShiftEvent) ev = NULL;
  g_autoptr(GError) error = NULL;
  KasirMoney cash = 0, card = 0, change = 0;

  g_assert_null (kasir_shift_repository_get_open (shifts, &error));
  g_assert_no_error (error);

  shift = kasir_shift_repository_open_shift (shifts, 3, 200000, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_uuid_is_valid (shift->id));
  again = kasir_shift_repository_open_shift (shifts, 4, 0, &error);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_null (again);
  g_clear_error (&error);
  again = kasir_shift_repository_get_open (shifts, &error);
  g_assert_cmpstr (again->id, ==, shift->id);

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, 2);

      sale->shift_id = g_strdup (shift->id);
      card += ((KasirPayment *) sale->payments->pdata[0])->amount;
      cash += ((KasirPayment *) sale->payments->pdata[1])->amount;
      change += sale->change;
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }
  {
    /* A sale outside the shift does not count. */
    g_autoptr(KasirSale) sale = store_test_sale (1, 1);

    g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  }

  expected = kasir_shift_repository_expected (shifts, shift->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 4);
  g_assert_cmpint (((KasirPayment *) expected->pdata[0])->method, ==, KASIR_PAYMENT_CASH);
  g_assert_cmpint (((KasirPayment *) expected->pdata[0])->amount, ==, 200000 + cash - change);
  g_assert_cmpint (((KasirPayment *) expected->pdata[1])->amount, ==, card);
  g_assert_cmpint (((KasirPayment *) expected->pdata[2])->amount, ==, 0);

  g_ptr_array_add (counted, kasir_payment_new (KASIR_PAYMENT_CASH, 200000 + cash - change - 500));
  g_ptr_array_add (counted, kasir_payment_new (KASIR_PAYMENT_CARD, card));
  g_assert_true (kasir_shift_repository_close_shift (shifts, shift->id, 3, counted, &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, kasir_shift_free);
  again = kasir_shift_repository_get_open (shifts, &error);
  g_assert_null (again);
  again = kasir_shift_repository_get (shifts, shift->id, &error);
  g_assert_nonnull (again->closed_at);
  g_assert_cmpint (again->counted_cash, ==, 200000 + cash - change - 500);
  g_assert_false (kasir_shift_repository_close_shift (shifts, shift->id, 3, counted, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);

  /* shift.open is seq 1, then four sales, then shift.close. */
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_SHIFT_OPEN);
  g_clear_pointer (&entry, kasir_outbox_entry_free);
  entry = kasir_outbox_repository_get (outbox, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_SHIFT_CLOSE);
  ev = kasir_protocol_decode_shift_close (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ev->shift_id, ==, shift->id);
  g_assert_cmpuint (ev->counted->len, ==, 2);
}

static void
test_staff (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (f->db);
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_staff_free);
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(KasirStaff) back = NULL;
  g_autoptr(GError) error = NULL;
  KasirStaff *s;
  gint64 n = -1, id;

  g_assert_true (kasir_staff_repository_count_active (repo, &n, &error));
  g_assert_cmpint (n, ==, 0);

  s = kasir_staff_new ();
  s->id = 3;
  s->outlet_id = 2;
  s->name = g_strdup ("Sari");
  s->role = g_strdup ("cashier");
  s->pin_hash = g_strdup ("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA");
  s->active = TRUE;
  g_ptr_array_add (staff, s);
  s = kasir_staff_copy (s);
  s->id = 4;
  g_free (s->role);
  s->role = g_strdup ("owner");
  g_ptr_array_add (staff, s);
  g_assert_false (kasir_staff_repository_upsert (repo, staff, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_free (s->role);
  s->role = g_strdup ("manager");
  s->active = FALSE;
  g_assert_true (kasir_staff_repository_upsert (repo, staff, &error));
  g_assert_no_error (error);

  g_assert_true (kasir_staff_repository_count_active (repo, &n, &error));
  g_assert_cmpint (n, ==, 1);
  back = kasir_staff_repository_get (repo, 4, &error);
  g_assert_no_error (error);
  g_assert_false (back->active);
  g_assert_cmpstr (back->pin_hash, ==, s->pin_hash);

  g_assert_cmpint (kasir_staff_repository_add_local (repo, "  ", "manager", "x", &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  id = kasir_staff_repository_add_local (repo, " Budi ", "manager", "$argon2id$...", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 5);
  active = kasir_staff_repository_list_active (repo, &error);
  g_assert_cmpuint (active->len, ==, 2);
  g_assert_cmpstr (((KasirStaff *) active->pdata[0])->name, ==, "Budi");
  g_assert_cmpstr (((KasirStaff *) active->pdata[1])->name, ==, "Sari");
}

static void
test_customers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirCustomerRepository) repo = kasir_customer_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_customer_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(KasirCustomer) back = NULL;
  g_autoptr(KasirEdit) edit = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const names[] = { "Ani Wijaya", "Andi Pratama", "Budi 100%_Santoso" };
  static const char * const phones[] = { "0812-3456-7890", "0813 1111 2222", NULL };
  gint64 n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      KasirCustomer *c = kasir_customer_new ();

      c->id = i + 1;
      c->name = g_strdup (names[i]);
      c->phone = g_strdup (phones[i]);
      c->loyalty_points = 10 * i;
      c->version = 1;
      g_ptr_array_add (list, c);
    }
  g_assert_true (kasir_customer_repository_upsert (repo, list, &error));
  g_assert_no_error (error);

  found = kasir_customer_repository_search (repo, "an", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((KasirCustomer *) found->pdata[0])->name, ==, "Andi Pratama");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_customer_repository_search (repo, "345 67", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);   /* separators on either side do not matter */
  g_assert_cmpint (((KasirCustomer *) found->pdata[0])->id, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_customer_repository_search (repo, "3456", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* LIKE wildcards typed by a person match only themselves. */
  found = kasir_customer_repository_search (repo, "%", 10, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_customer_repository_search (repo, "Budi 100%_", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* An edit of a known customer shows at once and is queued. */
  edit = g_new0 (KasirEdit, 1);
  edit->entity_id = 2;
  edit->base_version = 1;
  edit->staff_id = 2;
  edit->fields = json_from_string ("{\"phone\": \"0899 000 111\"}", NULL);
  g_assert_cmpint (kasir_customer_repository_save_edit (repo, edit, &error), ==, 1);
  g_assert_no_error (error);
  back = kasir_customer_repository_get (repo, 2, &error);
  g_assert_cmpstr (back->phone, ==, "0899 000 111");
  g_assert_cmpstr (back->name, ==, "Andi Pratama");
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_CUSTOMER_UPSERT);
  g_assert_cmpstr (entry->entity_id, ==, "2");

  /* A new customer without a name is refused before anything is written. */
  g_clear_pointer (&edit, kasir_edit_free);
  edit = g_new0 (KasirEdit, 1);
  edit->staff_id = 2;
  edit->fields = json_from_string ("{\"phone\": \"0811\"}", NULL);
  g_assert_cmpint (kasir_customer_repository_save_edit (repo, edit, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &n, &error));
  g_assert_cmpint (n, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("Settings/values", test_settings);
  ADD ("SyncState/values", test_sync_state);
  ADD ("Conflicts/resolve", test_conflicts);
  ADD ("Shifts/open-close", test_shifts);
  ADD ("Staff/values", test_staff);
  ADD ("Customers/search-edit", test_customers);

  return g_test_run ();
}
