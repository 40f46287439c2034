/* test-server-report-days.c — the outlet report (GET /api/v1/reports/summary) counts the
 * shop's local days, not UTC ones, on both backends.
 *
 * A shop at UTC+7 sells at 23:30 on 20 November and at 00:30 on 21 November, local
 * time (16:30 and 17:30 UTC on the 20th), and gives one unit of the first sale back at
 * 00:45 on the 21st. Asked with utc_offset=420, the 20th holds the first sale alone and
 * the 21st the second one and the refund; the hours are the local 23 and 00. Without an
 * offset the days are UTC ones (both sales on the 20th); an offset outside
 * UTC-12:00..UTC+14:00, not a whole quarter hour or not a number is a 400. By cashier,
 * each has the sales they made, the refunds they made and net (a manager who only gave
 * money back has a net below 0), and the nets add up to the outlet's.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

typedef struct
{
  gint64 sales;
  gint64 total;
  gint64 refunds;
} DayFigures;

static JsonNode *
summary (ServerFixture *fx,
         TestTerminal  *t,
         const char    *from,
         const char    *to,
         const char    *offset,
         guint         *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/summary?from=%s&to=%s&staff_id=%d%s%s",
                                           from, to, STAFF_MANAGER_1,
                                           offset != NULL ? "&utc_offset=" : "",
                                           offset != NULL ? offset : "");

  return http_json (fx, "GET", path, t->token, NULL, status);
}

static DayFigures
figures (ServerFixture *fx,
         TestTerminal  *t,
         const char    *day,
         const char    *offset)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *report;
  DayFigures out;
  guint status = 0;

  reply = summary (fx, t, day, day, offset, &status);
  g_assert_cmpuint (status, ==, 200);
  report = json_node_get_object (reply);
  out.sales = json_object_get_int_member (report, "sales");
  out.total = json_object_get_int_member (report, "total");
  out.refunds = json_object_get_int_member (report, "refunds");
  return out;
}

/* The sales count of local hour @hour ("00".."23") in @report's by_hour, 0 if absent. */
static gint64
hour_sales (JsonObject *report,
            const char *hour)
{
  JsonArray *hours = json_object_get_array_member (report, "by_hour");

  for (guint i = 0; i < json_array_get_length (hours); i++)
    {
      JsonObject *h = json_array_get_object_element (hours, i);

      if (g_str_equal (json_object_get_string_member (h, "hour"), hour))
        return json_object_get_int_member (h, "sales");
    }
  return 0;
}

static char *
sell_at (ServerFixture *fx,
         TestTerminal  *t,
         const char    *created_at,
         gint64         qty,
         gint64        *total)
{
  gint64 product = 3, price = 9500;
  g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, qty, 1);
  g_autoptr(KasirPushResult) result = NULL;

  sale->staff_id = STAFF_CASHIER_1;
  g_free (sale->created_at);
  sale->created_at = g_strdup (created_at);
  result = push_one (fx, t, make_sale_mutation (t, sale));
  g_assert_cmpint (result->status, !=, KASIR_RESULT_REJECTED);
  *total = sale->total;
  return g_strdup (sale->sale_id);
}

static void
test_local_days (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) refunded = NULL;
  g_autoptr(JsonNode) whole = NULL;
  g_autofree char *late = NULL;
  g_autofree char *early = NULL;
  g_autofree char *refund_id = kasir_uuid_new ();
  gint64 late_total, early_total;
  DayFigures day20, day21, utc20, utc21;
  JsonObject *report;
  guint status = 0;

  /* 23:30 and 00:30 at UTC+7. */
  late = sell_at (fx, a, "2026-11-20T16:30:00Z", 1, &late_total);
  early = sell_at (fx, a, "2026-11-20T17:30:00Z", 2, &early_total);
  refunded = push_one (fx, a, make_mutation (a, KASIR_MUTATION_SALE_REFUND,
                                             payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'rusak',"
                                                             "'staff_id':%d,'lines':[{'product_id':3,'qty':1,"
                                                             "'amount':9500}],'payments':[{'method':'cash',"
                                                             "'amount':9500}],'total':9500,"
                                                             "'created_at':'2026-11-20T17:45:00Z'}",
                                                             refund_id, late, STAFF_MANAGER_1)));
  g_assert_cmpint (refunded->status, ==, KASIR_RESULT_APPLIED);

  day20 = figures (fx, a, "2026-11-20", "420");
  day21 = figures (fx, a, "2026-11-21", "420");
  g_assert_cmpint (day20.sales, ==, 1);
  g_assert_cmpint (day20.total, ==, late_total);
  g_assert_cmpint (day20.refunds, ==, 0);
  g_assert_cmpint (day21.sales, ==, 1);
  g_assert_cmpint (day21.total, ==, early_total);
  g_assert_cmpint (day21.refunds, ==, 9500);

  /* UTC days when the till says nothing. */
  utc20 = figures (fx, a, "2026-11-20", NULL);
  utc21 = figures (fx, a, "2026-11-21", NULL);
  g_assert_cmpint (utc20.sales, ==, 2);
  g_assert_cmpint (utc20.refunds, ==, 9500);
  g_assert_cmpint (utc21.sales, ==, 0);

  /* Both days together, by local hour; a half-hour offset moves the minutes too. */
  whole = summary (fx, a, "2026-11-20", "2026-11-21", "420", &status);
  g_assert_cmpuint (status, ==, 200);
  report = json_node_get_object (whole);
  g_assert_cmpint (json_object_get_int_member (report, "sales"), ==, 2);
  g_assert_cmpint (hour_sales (report, "23"), ==, 1);
  g_assert_cmpint (hour_sales (report, "00"), ==, 1);
  g_assert_cmpint (hour_sales (report, "16"), ==, 0);
  {
    g_autoptr(JsonNode) india = summary (fx, a, "2026-11-20", "2026-11-20", "330", &status);

    g_assert_cmpuint (status, ==, 200);
    report = json_node_get_object (india);
    /* 16:30Z and 17:30Z are 22:00 and 23:00 at UTC+5:30, both on the 20th. */
    g_assert_cmpint (json_object_get_int_member (report, "sales"), ==, 2);
    g_assert_cmpint (hour_sales (report, "22"), ==, 1);
    g_assert_cmpint (hour_sales (report, "23"), ==, 1);
  }
  {
    g_autoptr(JsonNode) west = summary (fx, a, "2026-11-20", "2026-11-20", "-300", &status);

    g_assert_cmpuint (status, ==, 200);
    /* 11:30 and 12:30 at UTC-5. */
    report = json_node_get_object (west);
    g_assert_cmpint (hour_sales (report, "11"), ==, 1);
    g_assert_cmpint (hour_sales (report, "12"), ==, 1);
  }
  server_fixture_free (fx);
}

/* The by_cashier row of @staff_id in @report. */
static JsonObject *
cashier_row (JsonObject *report,
             gint64      staff_id)
{
  JsonArray *rows = json_object_get_array_member (report, "by_cashier");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (json_object_get_int_member (row, "staff_id") == staff_id)
        return row;
    }
  g_error ("no cashier %" G_GINT64_FORMAT " in the report", staff_id);
}

static void
test_refunds_by_cashier (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) refunded = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *refund_id = kasir_uuid_new ();
  gint64 first_total, second_total;
  JsonObject *report, *cashier, *manager;
  guint status = 0;

  /* Two sales by the cashier; the manager gives one unit of the first back. */
  first = sell_at (fx, a, "2026-11-20T03:00:00Z", 2, &first_total);
  second = sell_at (fx, a, "2026-11-20T04:00:00Z", 1, &second_total);
  refunded = push_one (fx, a, make_mutation (a, KASIR_MUTATION_SALE_REFUND,
                                             payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'rusak',"
                                                             "'staff_id':%d,'lines':[{'product_id':3,'qty':1,"
                                                             "'amount':9500}],'payments':[{'method':'cash',"
                                                             "'amount':9500}],'total':9500,"
                                                             "'created_at':'2026-11-20T05:00:00Z'}",
                                                             refund_id, first, STAFF_MANAGER_1)));
  g_assert_cmpint (refunded->status, ==, KASIR_RESULT_APPLIED);

  reply = summary (fx, a, "2026-11-20", "2026-11-20", "420", &status);
  g_assert_cmpuint (status, ==, 200);
  report = json_node_get_object (reply);
  cashier = cashier_row (report, STAFF_CASHIER_1);
  g_assert_cmpint (json_object_get_int_member (cashier, "sales"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (cashier, "total"), ==, first_total + second_total);
  g_assert_cmpint (json_object_get_int_member (cashier, "refunds"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (cashier, "net"), ==, first_total + second_total);
  /* The manager sold nothing and gave 9500 back. */
  manager = cashier_row (report, STAFF_MANAGER_1);
  g_assert_cmpint (json_object_get_int_member (manager, "sales"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (manager, "refund_count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (manager, "refunds"), ==, 9500);
  g_assert_cmpint (json_object_get_int_member (manager, "net"), ==, -9500);
  g_assert_cmpstr (json_object_get_string_member (manager, "name"), !=, "");
  /* The cashiers' nets add up to the outlet's. */
  g_assert_cmpint (json_object_get_int_member (cashier, "net") + json_object_get_int_member (manager, "net"), ==,
                   json_object_get_int_member (report, "net"));
  /* Local hours of UTC+7: 10:00 and 11:00. */
  g_assert_cmpint (hour_sales (report, "10"), ==, 1);
  g_assert_cmpint (hour_sales (report, "11"), ==, 1);
  server_fixture_free (fx);
}

static void
test_bad_offset (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  static const char * const offsets[] = { "900", "-735", "7", "+07:00", "abc", "", "840", "-720", "345" };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = summary (fx, a, "2026-11-20", "2026-11-20", offsets[i], &status);
      g_assert_cmpuint (status, ==, i < 6 ? 400 : 200);
    }
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/ReportDays/local-days", test_local_days);
  g_test_add_func ("/Kasir/Server/ReportDays/refunds-by-cashier", test_refunds_by_cashier);
  g_test_add_func ("/Kasir/Server/ReportDays/bad-offset", test_bad_offset);

  return g_test_run ();
}
