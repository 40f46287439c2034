/* test-store-reports.c — the till's own sales report over a real encrypted database:
 * its totals, payment methods, products, cashiers and hours equal the sums of the sales
 * and the refund made in the test, to the rupiah, for a local day, a range of days and
 * one shift.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-refund-repository.h"
#include "kasir-report-repository.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

typedef struct
{
  char          *dir;
  KasirDatabase *db;
  GPtrArray     *sales;   /* KasirSale*, as committed */
  KasirMoney     refund;  /* given back in cash for sale 3 (day 2, shift b) */
} Fixture;

/* Local times of the sales: two on the 1st, three on the 2nd, one on the 3rd. */
static const struct
{
  int         day, hour, minute;
  guint       lines, payments;
  gint64      staff;
  const char *shift;
} made[] = {
  { 1, 8, 5, 1, 1, 3, "6f1c2a3e-1111-4a2b-8c3d-000000000001" },
  { 1, 23, 59, 3, 2, 3, "6f1c2a3e-1111-4a2b-8c3d-000000000001" },
  { 2, 0, 0, 2, 1, 4, "6f1c2a3e-1111-4a2b-8c3d-000000000002" },
  { 2, 9, 30, 5, 2, 4, "6f1c2a3e-1111-4a2b-8c3d-000000000002" },
  { 2, 9, 45, 4, 1, 3, "6f1c2a3e-1111-4a2b-8c3d-000000000003" },
  { 3, 12, 0, 2, 2, 3, "6f1c2a3e-1111-4a2b-8c3d-000000000003" },
};

static char *
utc_stamp (int day,
           int hour,
           int minute)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) at = g_date_time_new (local, 2026, 11, day, hour, minute, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (at);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirSalesRepository) repo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  f->dir = store_test_tmp_dir ();
  path = g_build_filename (f->dir, "kasir.db", NULL);
  store_test_random_key (key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_database_exec (f->db, "INSERT INTO staff (id, outlet_id, name, role, pin_hash) "
                                      "VALUES (3, 0, 'Sari', 'cashier', 'x'), "
                                      "(4, 0, 'Budi', 'manager', 'x')", &error));
  g_assert_no_error (error);

  repo = kasir_sales_repository_new (f->db);
  f->sales = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_free);
  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    {
      KasirSale *sale = store_test_sale (made[i].lines, made[i].payments);

      sale->staff_id = made[i].staff;
      sale->shift_id = g_strdup (made[i].shift);
      sale->created_at = utc_stamp (made[i].day, made[i].hour, made[i].minute);
      g_assert_true (kasir_sales_repository_commit_sale (repo, sale, &error));
      g_assert_no_error (error);
      g_ptr_array_add (f->sales, sale);
    }

  /* One unit of the first line of sale 3 comes back, paid out in cash, on day 2. */
  {
    g_autoptr(KasirRefundRepository) refunds = kasir_refund_repository_new (f->db);
    g_autoptr(GPtrArray) paid = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
    const KasirSale *sale = f->sales->pdata[3];
    const KasirSaleLine *line = sale->lines->pdata[0];
    KasirRefundPick pick = { 1, 1, FALSE };
    g_autoptr(KasirRefund) refund = NULL;
    g_autofree char *at = utc_stamp (2, 15, 0);
    g_autofree char *sql = NULL;

    f->refund = line->total / line->qty;
    g_ptr_array_add (paid, kasir_payment_new (KASIR_PAYMENT_CASH, f->refund));
    refund = kasir_refund_repository_commit (refunds, sale, &pick, 1, paid, "rusak", 4, 0,
                                             sale->shift_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (refund->total, ==, f->refund);
    /* Made "now"; moved to the day of the test's sales. */
    sql = g_strdup_printf ("UPDATE refunds SET created_at = '%s'", at);
    g_assert_true (kasir_database_exec (f->db, sql, &error));
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_ptr_array_unref (f->sales);
  g_assert_finalize_object (f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const KasirReportRow *
find_row (GPtrArray  *rows,
          const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((KasirReportRow *) rows->pdata[i])->key, key))
      return rows->pdata[i];
  return NULL;
}

/* Checks @report against the sales of @f whose index @wanted picks, summed here, and
 * the refund when @with_refund. */
static void
check_report (Fixture     *f,
              KasirReport *report,
              gboolean   (*wanted) (guint i),
              gboolean     with_refund)
{
  KasirMoney net = 0, gross = 0, tax = 0, discount = 0, cash = 0, card = 0, by_staff3 = 0, by_staff4 = 0;
  KasirMoney revenue[6] = { 0 };
  gint64 count = 0, qty[6] = { 0 };
  KasirMoney hour_net[24] = { 0 };
  const KasirReportRow *row;

  for (guint i = 0; i < f->sales->len; i++)
    {
      const KasirSale *s = f->sales->pdata[i];

      if (!wanted (i))
        continue;
      count++;
      net += s->total;
      gross += s->subtotal;
      tax += s->tax;
      discount += s->discount;
      hour_net[made[i].hour] += s->total;
      if (s->staff_id == 3)
        by_staff3 += s->total;
      else
        by_staff4 += s->total;
      for (guint p = 0; p < s->payments->len; p++)
        {
          const KasirPayment *pay = s->payments->pdata[p];

          if (pay->method == KASIR_PAYMENT_CASH)
            cash += pay->amount;
          else
            card += pay->amount;
        }
      cash -= s->change;
      for (guint l = 0; l < s->lines->len; l++)
        {
          const KasirSaleLine *line = s->lines->pdata[l];

          qty[line->product_id] += line->qty;
          revenue[line->product_id] += line->total;
        }
    }

  g_assert_cmpint (report->sale_count, ==, count);
  g_assert_cmpint (report->sales, ==, net);
  g_assert_cmpint (report->average, ==, count > 0 ? net / count : 0);
  g_assert_cmpint (report->refund_count, ==, with_refund ? 1 : 0);
  g_assert_cmpint (report->refunds, ==, with_refund ? f->refund : 0);
  if (with_refund)
    {
      const KasirSaleLine *line = ((KasirSale *) f->sales->pdata[3])->lines->pdata[0];

      /* The refund: one unit of sale 3's first line, made by staff 4 at 15:00. */
      net -= f->refund;
      cash -= f->refund;
      by_staff4 -= f->refund;
      hour_net[15] -= f->refund;
      qty[line->product_id] -= 1;
      revenue[line->product_id] -= f->refund;
    }
  g_assert_cmpint (report->net, ==, net);
  g_assert_cmpint (report->gross, ==, gross);
  g_assert_cmpint (report->tax, ==, tax);
  g_assert_cmpint (report->discounts, ==, discount);
  row = find_row (report->by_method, "cash");
  g_assert_cmpint (row != NULL ? row->amount : 0, ==, cash);
  row = find_row (report->by_method, "card");
  g_assert_cmpint (row != NULL ? row->amount : 0, ==, card);
  row = find_row (report->by_cashier, "Sari");
  g_assert_cmpint (row != NULL ? row->amount : 0, ==, by_staff3);
  row = find_row (report->by_cashier, "Budi");
  g_assert_cmpint (row != NULL ? row->amount : 0, ==, by_staff4);
  for (guint h = 0; h < 24; h++)
    g_assert_cmpint (report->hour_net[h], ==, hour_net[h]);
  /* The methods add up to net, to the rupiah. */
  {
    KasirMoney methods = 0;

    for (guint i = 0; i < report->by_method->len; i++)
      methods += ((KasirReportRow *) report->by_method->pdata[i])->amount;
    g_assert_cmpint (methods, ==, report->net);
  }
  for (guint r = 0; r < report->top_quantity->len; r++)
    {
      row = report->top_quantity->pdata[r];
      g_assert_cmpint (row->count, ==, qty[row->id]);
      g_assert_cmpint (row->amount, ==, revenue[row->id]);
      if (r > 0)
        g_assert_cmpint (row->count, <=, ((KasirReportRow *) report->top_quantity->pdata[r - 1])->count);
    }
  for (guint r = 0; r < report->top_revenue->len; r++)
    {
      g_autofree char *name = NULL;

      row = report->top_revenue->pdata[r];
      /* Not in the catalog: named as its lines were. */
      name = g_strdup_printf ("Barang nomor %" G_GINT64_FORMAT, row->id);
      g_assert_cmpstr (row->key, ==, name);
      g_assert_cmpint (row->amount, ==, revenue[row->id]);
      g_assert_cmpint (row->count, ==, qty[row->id]);
      if (r > 0)
        g_assert_cmpint (row->amount, <=, ((KasirReportRow *) report->top_revenue->pdata[r - 1])->amount);
    }
}

static gboolean on_day_2 (guint i) { return made[i].day == 2; }
static gboolean on_days_1_2 (guint i) { return made[i].day <= 2; }
static gboolean in_shift_c (guint i) { return g_str_equal (made[i].shift, "6f1c2a3e-1111-4a2b-8c3d-000000000003"); }

static KasirReport *
report_for_days (Fixture    *f,
                 int         first,
                 int         last,
                 const char *shift)
{
  g_autoptr(KasirReportRepository) repo = kasir_report_repository_new (f->db);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) a = g_date_time_new (local, 2026, 11, first, 15, 0, 0);
  g_autoptr(GDateTime) b = g_date_time_new (local, 2026, 11, last, 3, 0, 0);
  g_autofree char *from = NULL, *to = NULL;
  g_autoptr(GError) error = NULL;
  KasirReport *report;

  kasir_report_local_days (a, b, &from, &to);
  report = kasir_report_repository_summarize (repo, from, to, shift, &error);
  g_assert_no_error (error);
  return report;
}

static void
test_day (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(KasirReport) report = report_for_days (f, 2, 2, NULL);

  /* The sale at 23:59 on the 1st and the one at 00:00 on the 2nd fall on their own
   * local days. */
  g_assert_cmpint (report->sale_count, ==, 3);
  check_report (f, report, on_day_2, TRUE);
}

static void
test_range (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KasirReport) report = report_for_days (f, 1, 2, NULL);

  check_report (f, report, on_days_1_2, TRUE);
  /* Product 1 is on every sale: it leads by quantity only if its units do. */
  g_assert_cmpuint (report->top_quantity->len, ==, 5);
}

static void
test_shift (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KasirReport) report = report_for_days (f, 1, 3, "6f1c2a3e-1111-4a2b-8c3d-000000000003");

  check_report (f, report, in_shift_c, FALSE);
  g_assert_cmpuint (report->by_cashier->len, ==, 1);
}

static void
test_bad_span (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KasirReportRepository) repo = kasir_report_repository_new (f->db);
  static const char * const bad[][2] = {
    { "2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z" },
    { "2026-11-02T00:00:00Z", "2026-11-02T00:00:00Z" },
    { "2026-11-01", "2026-11-02T00:00:00Z" },
    { "2026-11-01T00:00:00+07:00", "2026-11-02T00:00:00Z" },
    { "x' OR 1=1 --", "2026-11-02T00:00:00Z" },
    { "2026-11-01T00:10:00Z", "2026-11-02T00:00:00Z" },
    { "2026-11-01T00:00:30Z", "2026-11-02T00:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KasirReport) report = kasir_report_repository_summarize (repo, bad[i][0], bad[i][1],
                                                                         NULL, &error);

      g_assert_null (report);
      g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* A shop seven hours ahead of UTC, so local days and UTC days differ. SQLite's
   * 'localtime' and GLib read the same TZ. */
  g_setenv ("TZ", "Asia/Jakarta", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/Reports/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("day", test_day);
  ADD ("range", test_range);
  ADD ("shift", test_shift);
  ADD ("bad-span", test_bad_span);
#undef ADD

  return g_test_run ();
}
