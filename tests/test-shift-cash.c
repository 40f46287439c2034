/* test-shift-cash.c — pay-ins and pay-outs of the drawer and the X/Z reports, against a
 * real SQLCipher database: the figures add up to the rupiah, each movement and its
 * shift.cash outbox row are one transaction, and bad input writes nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-refund-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-shift-cash-repository.h"
#include "kasir-shift-report-repository.h"
#include "kasir-shift-report.h"
#include "kasir-shift-repository.h"
#include "kasir-ui-money.h"
#include "store-test-util.h"

#define FLOAT 200000

typedef struct
{
  char                       *dir;
  KasirDatabase              *db;
  KasirSalesRepository       *sales;
  KasirRefundRepository      *refunds;
  KasirShiftRepository       *shifts;
  KasirShiftCashRepository   *cash;
  KasirShiftReportRepository *reports;
  KasirShift                 *shift;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  f->dir = store_test_tmp_dir ();
  path = g_build_filename (f->dir, "till.db", NULL);
  store_test_random_key (key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  f->sales = kasir_sales_repository_new (f->db);
  f->refunds = kasir_refund_repository_new (f->db);
  f->shifts = kasir_shift_repository_new (f->db);
  f->cash = kasir_shift_cash_repository_new (f->db);
  f->reports = kasir_shift_report_repository_new (f->db);
  f->shift = kasir_shift_repository_open_shift (f->shifts, 3, FLOAT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->shift, kasir_shift_free);
  g_clear_object (&f->reports);
  g_clear_object (&f->cash);
  g_clear_object (&f->shifts);
  g_clear_object (&f->refunds);
  g_clear_object (&f->sales);
  g_clear_object (&f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return store_test_query (f->db, sql);
}

static KasirMoney
amount_of (GPtrArray          *payments,
           KasirPaymentMethod  method)
{
  for (guint i = 0; i < payments->len; i++)
    if (((KasirPayment *) payments->pdata[i])->method == method)
      return ((KasirPayment *) payments->pdata[i])->amount;
  g_assert_not_reached ();
}

/* The report line that starts with @label shows @amount as the till formats it. */
static void
assert_line (const char *text,
             const char *label,
             KasirMoney  amount)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *money = kasir_ui_money_format (amount, "IDR");

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], label) && g_str_has_suffix (lines[i], money))
      return;
  g_test_message ("no line “%s … %s” in:\n%s", label, money, text);
  g_assert_not_reached ();
}

/* The day of the test: two sales (one part card, with change), a refund in cash, a
 * pay-in and two pay-outs. */
static void
make_day (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSale) split = store_test_sale (2, 2);
  g_autoptr(KasirSale) cash_sale = store_test_sale (3, 1);
  g_autoptr(KasirRefund) refund = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out1 = NULL;
  g_autofree char *out2 = NULL;
  KasirRefundPick pick = { 3, 1, FALSE };

  /* 6,500: 3,250 by card, 3,750 in cash with 500 change. */
  split->shift_id = g_strdup (f->shift->id);
  g_assert_true (kasir_sales_repository_commit_sale (f->sales, split, &error));
  g_assert_no_error (error);
  g_assert_cmpint (split->total, ==, 6500);
  /* 17,000 in cash. */
  cash_sale->shift_id = g_strdup (f->shift->id);
  g_assert_true (kasir_sales_repository_commit_sale (f->sales, cash_sale, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cash_sale->total, ==, 17000);
  /* One of line 3 (3,500) back in cash. */
  refund = kasir_refund_repository_commit (f->refunds, cash_sale, &pick, 1, NULL, "", 3, 0,
                                           f->shift->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (refund->total, ==, 3500);

  in = kasir_shift_cash_repository_record (f->cash, f->shift->id, 3, 0, KASIR_CASH_IN,
                                           KASIR_CASH_REASON_FLOAT, "", 50000, &error);
  g_assert_no_error (error);
  out1 = kasir_shift_cash_repository_record (f->cash, f->shift->id, 3, 5, KASIR_CASH_OUT,
                                             KASIR_CASH_REASON_PETTY_CASH, "galon air", 12500, &error);
  g_assert_no_error (error);
  out2 = kasir_shift_cash_repository_record (f->cash, f->shift->id, 3, 5, KASIR_CASH_OUT,
                                             KASIR_CASH_REASON_OTHER, "  ongkos parkir ", 2000, &error);
  g_assert_no_error (error);
}

/* Expected cash: 200,000 float + 20,750 cash taken - 500 change + 50,000 in - 14,500 out
 * - 3,500 refunded = 252,250; card 3,250. The X report shows each part and the sum. */
static void
test_x_report (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirShiftSummary) summary = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *text = NULL;
  KasirShiftCashTotals totals;

  make_day (f);
  expected = kasir_shift_repository_expected (f->shifts, f->shift->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (amount_of (expected, KASIR_PAYMENT_CASH), ==, 252250);
  g_assert_cmpint (amount_of (expected, KASIR_PAYMENT_CARD), ==, 3250);
  g_assert_cmpint (amount_of (expected, KASIR_PAYMENT_EWALLET), ==, 0);

  summary = kasir_shift_report_repository_summarize (f->reports, f->shift->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->sale_count, ==, 2);
  g_assert_cmpint (summary->total, ==, 23500);
  g_assert_cmpint (summary->change, ==, 500);
  g_assert_cmpint (amount_of (summary->taken, KASIR_PAYMENT_CASH), ==, 20750);
  g_assert_cmpint (summary->refund_count, ==, 1);
  g_assert_cmpint (summary->refunded, ==, 3500);
  g_assert_cmpint (summary->refunded_cash, ==, 3500);
  g_assert_cmpint (summary->pay_in_count, ==, 1);
  g_assert_cmpint (summary->paid_in, ==, 50000);
  g_assert_cmpint (summary->pay_out_count, ==, 2);
  g_assert_cmpint (summary->paid_out, ==, 14500);
  /* The parts balance: nothing in the drawer that the report does not explain. */
  g_assert_cmpint (f->shift->opening_float + amount_of (summary->taken, KASIR_PAYMENT_CASH)
                   - summary->change + summary->paid_in - summary->paid_out
                   - summary->refunded_cash, ==, amount_of (expected, KASIR_PAYMENT_CASH));
  g_assert_true (kasir_shift_cash_repository_totals (f->cash, f->shift->id, &totals, &error));
  g_assert_cmpint (totals.paid_out, ==, 14500);

  text = kasir_shift_report_build_text (KASIR_SHIFT_REPORT_X, f->shift, "Sari", summary,
                                        expected, NULL, "IDR");
  assert_line (text, "Opening float", 200000);
  assert_line (text, "+ Cash taken", 20750);
  assert_line (text, "− Change given", 500);
  assert_line (text, "+ Pay-ins (1)", 50000);
  assert_line (text, "− Pay-outs (2)", 14500);
  assert_line (text, "− Cash refunded", 3500);
  assert_line (text, "= Expected cash", 252250);
  g_assert_null (strstr (text, "Counted"));
}

/* The Z report carries counted, expected and the difference per method. */
static void
test_z_report (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirShiftSummary) summary = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) counted = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirShift) closed = NULL;
  g_autofree char *text = NULL;
  const char *section;

  make_day (f);
  g_ptr_array_add (counted, kasir_payment_new (KASIR_PAYMENT_CASH, 252000));
  g_ptr_array_add (counted, kasir_payment_new (KASIR_PAYMENT_CARD, 3300));
  g_assert_true (kasir_shift_repository_close_shift (f->shifts, f->shift->id, 3, counted, &error));
  g_assert_no_error (error);
  closed = kasir_shift_repository_get (f->shifts, f->shift->id, &error);
  g_assert_no_error (error);
  summary = kasir_shift_report_repository_summarize (f->reports, f->shift->id, &error);
  g_assert_no_error (error);
  expected = kasir_shift_repository_expected (f->shifts, f->shift->id, &error);
  g_assert_no_error (error);

  text = kasir_shift_report_build_text (KASIR_SHIFT_REPORT_Z, closed, "Sari", summary,
                                        expected, counted, "IDR");
  assert_line (text, "= Expected cash", 252250);
  section = strstr (text, "Difference: over (+) / short (−)");
  g_assert_nonnull (section);
  /* 250 short in cash, 50 over by card. */
  assert_line (section, "Cash", -250);
  assert_line (section, "Card", 50);
  assert_line (section, "E-wallet", 0);

  /* A closed shift's drawer takes no more movements. */
  g_assert_null (kasir_shift_cash_repository_record (f->cash, f->shift->id, 3, 0, KASIR_CASH_IN,
                                                     KASIR_CASH_REASON_FLOAT, "", 1000, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM shift_cash"), ==, 3);
}

/* Each movement is its row and its shift.cash outbox row, read back as the server will. */
static void
test_outbox (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KasirShiftCash) cash = NULL;
  sqlite3_stmt *stmt;

  id = kasir_shift_cash_repository_record (f->cash, f->shift->id, 3, 7, KASIR_CASH_OUT,
                                           KASIR_CASH_REASON_OTHER, " kantong plastik ", 4000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE type = 'shift.cash'"), ==, 1);

  stmt = kasir_database_prepare (f->db, "SELECT payload FROM outbox WHERE type = 'shift.cash'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  payload = kasir_database_column_dup (stmt, 0);
  kasir_database_stmt_done (stmt);
  node = json_from_string (payload, &error);
  g_assert_no_error (error);
  cash = kasir_protocol_decode_shift_cash (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cash->cash_id, ==, id);
  g_assert_cmpstr (cash->shift_id, ==, f->shift->id);
  g_assert_cmpstr (cash->direction, ==, "out");
  g_assert_cmpstr (cash->reason, ==, "other");
  g_assert_cmpstr (cash->note, ==, "kantong plastik");
  g_assert_cmpint (cash->amount, ==, 4000);
  g_assert_cmpint (cash->approved_by, ==, 7);
  g_assert_cmpint (cash->staff_id, ==, 3);
}

/* Bad input gets a message and writes nothing, neither the row nor its outbox row. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  static const struct
  {
    KasirCashDirection direction;
    KasirCashReason    reason;
    const char        *note;
    KasirMoney         amount;
    gint64             staff;
    int                code;
  } cases[] = {
    { KASIR_CASH_IN, KASIR_CASH_REASON_FLOAT, "", 0, 3, KASIR_INPUT_ERROR_OUT_OF_RANGE },
    { KASIR_CASH_OUT, KASIR_CASH_REASON_FLOAT, "", -500, 3, KASIR_INPUT_ERROR_OUT_OF_RANGE },
    { KASIR_CASH_OUT, KASIR_CASH_REASON_OTHER, "   ", 500, 3, KASIR_INPUT_ERROR_REQUIRED },
    { KASIR_CASH_IN, KASIR_CASH_REASON_FLOAT, "", 500, 0, KASIR_INPUT_ERROR_INVALID },
    /* More than the float the drawer holds. */
    { KASIR_CASH_OUT, KASIR_CASH_REASON_PETTY_CASH, "", FLOAT + 1, 3, KASIR_INPUT_ERROR_OUT_OF_RANGE },
  };
  gint64 outbox_before = count (f, "SELECT COUNT(*) FROM outbox");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = kasir_shift_cash_repository_record (f->cash, f->shift->id, cases[i].staff, 0,
                                                                cases[i].direction, cases[i].reason,
                                                                cases[i].note, cases[i].amount, &error);

      g_assert_null (id);
      g_assert_error (error, KASIR_INPUT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *other_shift = kasir_uuid_new ();
    g_autofree char *id = kasir_shift_cash_repository_record (f->cash, other_shift, 3, 0, KASIR_CASH_IN,
                                                              KASIR_CASH_REASON_FLOAT, "", 500, &error);

    g_assert_null (id);
    g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  }
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM shift_cash"), ==, 0);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox"), ==, outbox_before);

  /* Exactly what the drawer holds may go out. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *id = kasir_shift_cash_repository_record (f->cash, f->shift->id, 3, 0, KASIR_CASH_OUT,
                                                              KASIR_CASH_REASON_PETTY_CASH, "", FLOAT,
                                                              &error);

    g_assert_no_error (error);
    g_assert_nonnull (id);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Kasir/Store/ShiftCash/x-report", Fixture, NULL, fixture_set_up,
              test_x_report, fixture_tear_down);
  g_test_add ("/Kasir/Store/ShiftCash/z-report", Fixture, NULL, fixture_set_up,
              test_z_report, fixture_tear_down);
  g_test_add ("/Kasir/Store/ShiftCash/outbox", Fixture, NULL, fixture_set_up,
              test_outbox, fixture_tear_down);
  g_test_add ("/Kasir/Store/ShiftCash/bad-input", Fixture, NULL, fixture_set_up,
              test_bad_input, fixture_tear_down);

  return g_test_run ();
}
