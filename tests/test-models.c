/* test-models.c — wire names, sale invariants, ids, times, copies, PINs and tokens.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-models.h"
#include "kasir-payment-method.h"
#include "kasir-pin.h"

static void
test_enum_strings (void)
{
  static const char * const payments[] = { "cash", "card", "ewallet", "other", "points" };
  static const char * const mutations[] = {
    "sale.create", "sale.refund", "shift.open", "shift.close", "product.update",
    "stock.adjust", "customer.upsert", "conflict.resolve", "shift.cash", "staff.upsert",
    "category.upsert", "product.create", "order.open", "order.add", "product.modifiers",
    "order.cancel",
  };
  static const char * const results[] = { "applied", "applied_with_conflicts", "rejected" };
  static const char * const kinds[] = {
    "stock_shortage", "price_changed", "product_archived", "shift_closed",
    "loyalty_overspent", "concurrent_edit", "unknown_reference", "refunded_twice", "duplicate_code",
    "order_paid_twice",
  };
  static const char * const statuses[] = { "open", "resolved", "resolved_by_rule" };
  static const char * const outbox[] = { "pending", "in_flight", "acked", "rejected" };
  static const char * const unknown[] = { "", "CASH", "Cash", "sale_create", "sale.create ",
                                          "applied-with-conflicts", "bogus", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (payments); i++)
    {
      KasirPaymentMethod v;

      g_assert_cmpstr (kasir_payment_method_to_string (i), ==, payments[i]);
      g_assert_true (kasir_payment_method_from_string (payments[i], &v));
      g_assert_cmpint (v, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      KasirMutationType v;

      g_assert_cmpstr (kasir_mutation_type_to_string (i), ==, mutations[i]);
      g_assert_true (kasir_mutation_type_from_string (mutations[i], &v));
      g_assert_cmpint (v, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      KasirResultStatus v;

      g_assert_cmpstr (kasir_result_status_to_string (i), ==, results[i]);
      g_assert_true (kasir_result_status_from_string (results[i], &v));
      g_assert_cmpint (v, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      KasirConflictKind v;

      g_assert_cmpstr (kasir_conflict_kind_to_string (i), ==, kinds[i]);
      g_assert_true (kasir_conflict_kind_from_string (kinds[i], &v));
      g_assert_cmpint (v, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      KasirConflictStatus v;

      g_assert_cmpstr (kasir_conflict_status_to_string (i), ==, statuses[i]);
      g_assert_true (kasir_conflict_status_from_string (statuses[i], &v));
      g_assert_cmpint (v, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (outbox); i++)
    {
      KasirOutboxState v;

      g_assert_cmpstr (kasir_outbox_state_to_string (i), ==, outbox[i]);
      g_assert_true (kasir_outbox_state_from_string (outbox[i], &v));
      g_assert_cmpint (v, ==, i);
    }

  /* Out-of-range values have no name. */
  g_assert_null (kasir_payment_method_to_string (G_N_ELEMENTS (payments)));
  g_assert_null (kasir_mutation_type_to_string (G_N_ELEMENTS (mutations)));
  g_assert_null (kasir_result_status_to_string (G_N_ELEMENTS (results)));
  g_assert_null (kasir_conflict_kind_to_string (G_N_ELEMENTS (kinds)));
  g_assert_null (kasir_conflict_status_to_string (G_N_ELEMENTS (statuses)));
  g_assert_null (kasir_outbox_state_to_string (G_N_ELEMENTS (outbox)));

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      KasirPaymentMethod p = 99;
      KasirMutationType m = 99;
      KasirResultStatus r = 99;
      KasirConflictKind k = 99;
      KasirConflictStatus s = 99;
      KasirOutboxState o = 99;

      g_assert_false (kasir_payment_method_from_string (unknown[i], &p));
      g_assert_false (kasir_mutation_type_from_string (unknown[i], &m));
      g_assert_false (kasir_result_status_from_string (unknown[i], &r));
      g_assert_false (kasir_conflict_kind_from_string (unknown[i], &k));
      g_assert_false (kasir_conflict_status_from_string (unknown[i], &s));
      g_assert_false (kasir_outbox_state_from_string (unknown[i], &o));
      /* A failed lookup leaves the output alone. */
      g_assert_cmpint (p + m + r + k + s + o, ==, 6 * 99);
    }
}

/* The sale from DESIGN.md's wire example: 2 × 15000 at 11% included, paid 50000 cash. */
static KasirSale *
valid_sale (void)
{
  KasirSale *sale = kasir_sale_new ();
  KasirSaleLine *line = kasir_sale_line_new ();
  KasirSaleLine *line2 = kasir_sale_line_new ();

  sale->sale_id = kasir_uuid_new ();
  sale->receipt_no = g_strdup ("7-000123");
  memcpy (sale->currency, "IDR", 4);
  sale->tax_inclusive = TRUE;

  line->product_id = 42;
  line->qty = 2;
  line->unit_price = 15000;
  line->price_version = 3;
  line->tax_rate_bp = 1100;
  line->discount = 0;
  line->tax = 2973;
  line->total = 30000;
  g_ptr_array_add (sale->lines, line);

  line2->product_id = 43;
  line2->qty = 1;
  line2->unit_price = 6000;
  line2->discount = 1000;
  line2->total = 5000;
  g_ptr_array_add (sale->lines, line2);

  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CARD, 10000));
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, 30000));

  sale->subtotal = 35000;
  sale->discount = 0;
  sale->fee = 0;
  sale->tax = 2973;
  sale->total = 35000;
  sale->loyalty_redeemed = 0;
  sale->change = 5000;
  sale->created_at = kasir_now_rfc3339 ();
  return sale;
}

static KasirSaleLine *
sl (KasirSale *sale, guint i)
{
  return g_ptr_array_index (sale->lines, i);
}

static KasirPayment *
sp (KasirSale *sale, guint i)
{
  return g_ptr_array_index (sale->payments, i);
}

static void break_no_lines (KasirSale *s) { g_ptr_array_set_size (s->lines, 0); }
static void break_qty_zero (KasirSale *s) { sl (s, 0)->qty = 0; sl (s, 0)->total = 0; s->subtotal = 5000; s->total = 5000; s->change = 35000; }
static void break_qty_negative (KasirSale *s) { sl (s, 0)->qty = -2; }
static void break_price_negative (KasirSale *s) { sl (s, 1)->unit_price = -6000; sl (s, 1)->total = -7000; }
static void break_line_discount_negative (KasirSale *s) { sl (s, 1)->discount = -1; sl (s, 1)->total = 6001; s->subtotal = 36001; s->total = 36001; s->change = 3999; }
static void break_line_tax_negative (KasirSale *s) { sl (s, 0)->tax = -1; }
static void break_line_total (KasirSale *s) { sl (s, 0)->total = 30001; }
static void break_line_total_negative (KasirSale *s) { sl (s, 1)->discount = 7000; sl (s, 1)->total = -1000; s->subtotal = 29000; s->total = 29000; s->change = 11000; }
static void break_subtotal (KasirSale *s) { s->subtotal = 34999; s->total = 34999; s->change = 5001; }
static void break_tax (KasirSale *s) { s->tax = 2972; }
static void break_total (KasirSale *s) { s->total = 35001; }
static void break_exclusive_total (KasirSale *s) { s->tax_inclusive = FALSE; }
static void break_fee_negative (KasirSale *s) { s->fee = -1; s->total = 34999; s->change = 5001; }
static void break_discount_negative (KasirSale *s) { s->discount = -5; }
static void break_change_negative (KasirSale *s) { s->change = -1; }
static void break_loyalty_negative (KasirSale *s) { s->loyalty_redeemed = -1; }
static void break_payment_zero (KasirSale *s) { sp (s, 0)->amount = 0; s->change = 0; sp (s, 1)->amount = 35000; }
static void break_payment_negative (KasirSale *s) { sp (s, 0)->amount = -10000; sp (s, 1)->amount = 50000; }
static void break_payments_short (KasirSale *s) { sp (s, 1)->amount = 29999; }
static void break_payments_over (KasirSale *s) { s->change = 4999; }
static void break_change_not_cash (KasirSale *s) { sp (s, 0)->amount = 38000; sp (s, 1)->amount = 2000; }
static void break_payment_method (KasirSale *s) { sp (s, 0)->method = 17; }
static void break_gross_overflow (KasirSale *s) { sl (s, 0)->qty = G_MAXINT64 / 2; }
static void break_subtotal_overflow (KasirSale *s) { sl (s, 0)->unit_price = G_MAXINT64; sl (s, 0)->qty = 1; sl (s, 0)->total = G_MAXINT64; }
static void break_payment_overflow (KasirSale *s) { sp (s, 0)->amount = G_MAXINT64; }

static void
test_check_sums (void)
{
  static const struct {
    const char *name;
    void (*breaker) (KasirSale *);
    gint code;
  } cases[] = {
    { "no lines", break_no_lines, KASIR_MODEL_ERROR_INVALID },
    { "qty 0", break_qty_zero, KASIR_MODEL_ERROR_INVALID },
    { "qty < 0", break_qty_negative, KASIR_MODEL_ERROR_INVALID },
    { "price < 0", break_price_negative, KASIR_MODEL_ERROR_INVALID },
    { "line discount < 0", break_line_discount_negative, KASIR_MODEL_ERROR_INVALID },
    { "line tax < 0", break_line_tax_negative, KASIR_MODEL_ERROR_INVALID },
    { "line total", break_line_total, KASIR_MODEL_ERROR_SUMS },
    { "line total < 0", break_line_total_negative, KASIR_MODEL_ERROR_INVALID },
    { "subtotal", break_subtotal, KASIR_MODEL_ERROR_SUMS },
    { "tax", break_tax, KASIR_MODEL_ERROR_SUMS },
    { "total", break_total, KASIR_MODEL_ERROR_SUMS },
    { "exclusive total", break_exclusive_total, KASIR_MODEL_ERROR_SUMS },
    { "fee < 0", break_fee_negative, KASIR_MODEL_ERROR_INVALID },
    { "discount < 0", break_discount_negative, KASIR_MODEL_ERROR_INVALID },
    { "change < 0", break_change_negative, KASIR_MODEL_ERROR_INVALID },
    { "loyalty < 0", break_loyalty_negative, KASIR_MODEL_ERROR_INVALID },
    { "payment 0", break_payment_zero, KASIR_MODEL_ERROR_INVALID },
    { "payment < 0", break_payment_negative, KASIR_MODEL_ERROR_INVALID },
    { "payments short", break_payments_short, KASIR_MODEL_ERROR_SUMS },
    { "payments over", break_payments_over, KASIR_MODEL_ERROR_SUMS },
    { "change from card", break_change_not_cash, KASIR_MODEL_ERROR_SUMS },
    { "payment method", break_payment_method, KASIR_MODEL_ERROR_INVALID },
    { "gross overflow", break_gross_overflow, KASIR_MODEL_ERROR_OVERFLOW },
    { "subtotal overflow", break_subtotal_overflow, KASIR_MODEL_ERROR_OVERFLOW },
    { "payment overflow", break_payment_overflow, KASIR_MODEL_ERROR_OVERFLOW },
  };

  {
    g_autoptr(KasirSale) sale = valid_sale ();
    g_autoptr(GError) error = NULL;

    g_assert_true (kasir_sale_check_sums (sale, &error));
    g_assert_no_error (error);
  }

  /* A sums error names both the stored and the computed number. */
  {
    g_autoptr(KasirSale) sale = valid_sale ();
    g_autoptr(GError) error = NULL;

    sale->total = 35001;
    g_assert_false (kasir_sale_check_sums (sale, &error));
    g_assert_nonnull (strstr (error->message, "35001"));
    g_assert_nonnull (strstr (error->message, "35000"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KasirSale) sale = valid_sale ();
      g_autoptr(GError) error = NULL;

      cases[i].breaker (sale);
      if (kasir_sale_check_sums (sale, &error))
        g_error ("check_sums accepted a sale with a broken %s", cases[i].name);
      if (!g_error_matches (error, KASIR_MODEL_ERROR, cases[i].code))
        g_error ("%s: expected code %d, got %d (%s)", cases[i].name, cases[i].code,
                 error->code, error->message);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_check_sums_valid_variants (void)
{
  /* Tax on top, a fee, loyalty as tender and exact payment. */
  {
    g_autoptr(KasirSale) sale = valid_sale ();
    g_autoptr(GError) error = NULL;

    sale->tax_inclusive = FALSE;
    sale->fee = 500;
    sale->total = 35000 + 500 + 2973;
    g_ptr_array_set_size (sale->payments, 0);
    g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_EWALLET, 30000));
    /* Points worth 2 each pay the rest. */
    g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_POINTS, sale->total - 30000));
    sale->loyalty_redeemed = (sale->total - 30000) / 2;
    sale->customer_id = 12;
    sale->change = 0;
    g_assert_true (kasir_sale_check_sums (sale, &error));
    g_assert_no_error (error);
  }
  /* Paid fully with points: no payments at all. */
  {
    g_autoptr(KasirSale) sale = valid_sale ();

    g_ptr_array_set_size (sale->payments, 0);
    g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_POINTS, 35000));
    sale->loyalty_redeemed = 35000;
    sale->customer_id = 12;
    sale->change = 0;
    g_assert_true (kasir_sale_check_sums (sale, NULL));
    /* Points without a points payment, a points payment without points, or points
     * without a member do not add up. */
    sale->loyalty_redeemed = 0;
    g_assert_false (kasir_sale_check_sums (sale, NULL));
    sale->loyalty_redeemed = 35000;
    sale->customer_id = 0;
    g_assert_false (kasir_sale_check_sums (sale, NULL));
  }
  /* A free line and a zero total. */
  {
    g_autoptr(KasirSale) sale = valid_sale ();

    g_ptr_array_set_size (sale->lines, 1);
    sl (sale, 0)->unit_price = 0;
    sl (sale, 0)->tax = 0;
    sl (sale, 0)->total = 0;
    sale->subtotal = 0;
    sale->tax = 0;
    sale->total = 0;
    g_ptr_array_set_size (sale->payments, 0);
    sale->change = 0;
    g_assert_true (kasir_sale_check_sums (sale, NULL));
  }
}

static void
test_uuid (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const char * const invalid[] = {
    "",
    "not-a-uuid",
    "6F9619FF-8B86-D011-B42D-00C04FC964FF",
    "6f9619ff-8b86-d011-b42d-00c04fc964f",
    "6f9619ff-8b86-d011-b42d-00c04fc964fff",
    "6f9619ff8b86-d011-b42d-00c04fc964ff0",
    "{6f9619ff-8b86-d011-b42d-00c04fc964ff}",
    "6f9619ff-8b86-d011-b42d-00c04fc964fg",
    "6f9619ff_8b86_d011_b42d_00c04fc964ff",
    " 6f9619ff-8b86-d011-b42d-00c04fc964f",
  };

  for (guint i = 0; i < 2000; i++)
    {
      char *uuid = kasir_uuid_new ();

      g_assert_true (kasir_uuid_is_valid (uuid));
      g_assert_cmpuint (strlen (uuid), ==, 36);
      /* Version 7 (time-ordered), RFC 9562 variant. */
      g_assert_cmpint (uuid[14], ==, '7');
      g_assert_nonnull (strchr ("89ab", uuid[19]));
      g_assert_true (g_uuid_string_is_valid (uuid));
      g_assert_false (g_hash_table_contains (seen, uuid));
      g_hash_table_add (seen, uuid);
    }

  g_assert_true (kasir_uuid_is_valid ("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (kasir_uuid_is_valid (invalid[i]));
  g_assert_false (kasir_uuid_is_valid (NULL));
}

static void
test_rfc3339 (void)
{
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) current = g_date_time_new_now_utc ();
  static const char * const valid[] = {
    "2026-11-22T08:15:00Z",
    "2026-11-22T08:15:00.123Z",
    "2026-11-22T08:15:00.123456789Z",
    "2026-11-22T08:15:00+07:00",
    "2026-11-22T08:15:00-05:30",
    "2028-02-29T23:59:59Z",
  };
  static const char * const invalid[] = {
    "",
    "2026-11-22",
    "2026-11-22T08:15Z",
    "2026-11-22T08:15:00",
    "2026-11-22 08:15:00Z",
    "2026-11-22T08:15:00Zjunk",
    "2026-11-22T08:15:00.Z",
    "2026-11-22T08:15:00+0700",
    "2026-13-01T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-11-22T24:00:00Z",
    "2026-11-22T08:60:00Z",
    "20261122T081500Z",
    "2026-W47-7T08:15:00Z",
    "+2026-11-22T08:15:00Z",
  };

  g_assert_true (kasir_rfc3339_is_valid (now));
  g_assert_cmpuint (strlen (now), ==, 20);
  g_assert_cmpint (now[19], ==, 'Z');
  parsed = g_date_time_new_from_iso8601 (now, NULL);
  g_assert_nonnull (parsed);
  /* It is now, give or take a slow machine. */
  g_assert_cmpint (ABS (g_date_time_difference (current, parsed)), <, 5 * G_TIME_SPAN_SECOND);

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    if (!kasir_rfc3339_is_valid (valid[i]))
      g_error ("rejected valid time %s", valid[i]);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    if (kasir_rfc3339_is_valid (invalid[i]))
      g_error ("accepted invalid time %s", invalid[i]);
  g_assert_false (kasir_rfc3339_is_valid (NULL));
}

static JsonNode *
json (const char *text)
{
  JsonNode *node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return node;
}

/* Copies must be deep: each original is freed (and, with G_DEBUG=gc-friendly, its memory
 * cleared) before its copy is read. */
static void
test_copy_free (void)
{
  {
    KasirCategory *a = kasir_category_new ();
    g_autoptr(KasirCategory) b = NULL;

    a->id = 3; a->name = g_strdup ("Minuman"); a->parent_id = 1; a->archived = TRUE; a->version = 9;
    b = kasir_category_copy (a);
    g_assert_true (b->name != a->name);
    kasir_category_free (a);
    g_assert_cmpint (b->id, ==, 3);
    g_assert_cmpstr (b->name, ==, "Minuman");
    g_assert_cmpint (b->parent_id, ==, 1);
    g_assert_true (b->archived);
    g_assert_cmpint (b->version, ==, 9);
  }
  {
    KasirProduct *a = kasir_product_new ();
    g_autoptr(KasirProduct) b = NULL;

    a->id = 42; a->sku = g_strdup ("KP-1"); a->barcode = g_strdup ("8991234567890");
    a->name = g_strdup ("Kopi"); a->price = 15000; a->price_version = 3; a->tax_rate_bp = 1100;
    a->category_id = 3; a->version = 7;
    b = kasir_product_copy (a);
    kasir_product_free (a);
    g_assert_cmpstr (b->sku, ==, "KP-1");
    g_assert_cmpstr (b->barcode, ==, "8991234567890");
    g_assert_cmpstr (b->name, ==, "Kopi");
    g_assert_cmpint (b->price, ==, 15000);
    g_assert_cmpint (b->price_version, ==, 3);
    g_assert_cmpuint (b->tax_rate_bp, ==, 1100);
    g_assert_cmpint (b->category_id, ==, 3);
    g_assert_cmpint (b->version, ==, 7);
  }
  {
    g_autoptr(KasirStock) s = kasir_stock_new ();

    g_assert_cmpint (s->qty, ==, 0);
  }
  {
    KasirCustomer *a = kasir_customer_new ();
    g_autoptr(KasirCustomer) b = NULL;

    a->id = 12; a->name = g_strdup ("Sari"); a->phone = g_strdup ("+62 812"); a->email = NULL;
    a->loyalty_points = 500; a->version = 2;
    b = kasir_customer_copy (a);
    kasir_customer_free (a);
    g_assert_cmpstr (b->name, ==, "Sari");
    g_assert_cmpstr (b->phone, ==, "+62 812");
    g_assert_null (b->email);
    g_assert_cmpint (b->loyalty_points, ==, 500);
  }
  {
    KasirStaff *a = kasir_staff_new ();
    g_autoptr(KasirStaff) b = NULL;

    a->id = 3; a->name = g_strdup ("Budi"); a->role = g_strdup ("cashier");
    a->pin_hash = g_strdup ("$argon2id$v=19$m=65536,t=2,p=1$abc$def"); a->active = TRUE;
    b = kasir_staff_copy (a);
    kasir_staff_free (a);
    g_assert_cmpstr (b->role, ==, "cashier");
    g_assert_cmpstr (b->pin_hash, ==, "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
    g_assert_true (b->active);
  }
  {
    KasirShift *a = kasir_shift_new ();
    g_autoptr(KasirShift) b = NULL;

    a->id = kasir_uuid_new (); a->opened_at = kasir_now_rfc3339 (); a->closed_at = NULL;
    a->opening_float = 200000; a->staff_id = 3;
    b = kasir_shift_copy (a);
    g_assert_cmpstr (b->id, ==, a->id);
    kasir_shift_free (a);
    g_assert_true (kasir_uuid_is_valid (b->id));
    g_assert_true (kasir_rfc3339_is_valid (b->opened_at));
    g_assert_null (b->closed_at);
    g_assert_cmpint (b->opening_float, ==, 200000);
  }
  {
    KasirSale *a = valid_sale ();
    g_autoptr(KasirSale) b = NULL;
    g_autofree char *id = g_strdup (a->sale_id);

    ((KasirPayment *) g_ptr_array_index (a->payments, 0))->reference = g_strdup ("APPR-77");
    sl (a, 0)->name = g_strdup ("Kopi");
    b = kasir_sale_copy (a);
    g_assert_true (b->lines != a->lines);
    g_assert_true (sl (b, 0) != sl (a, 0));
    kasir_sale_free (a);
    g_assert_cmpstr (b->sale_id, ==, id);
    g_assert_cmpstr (b->receipt_no, ==, "7-000123");
    g_assert_cmpstr (b->currency, ==, "IDR");
    g_assert_cmpuint (b->lines->len, ==, 2);
    g_assert_cmpuint (b->payments->len, ==, 2);
    g_assert_cmpstr (sl (b, 0)->name, ==, "Kopi");
    g_assert_cmpstr (sp (b, 0)->reference, ==, "APPR-77");
    g_assert_true (kasir_sale_check_sums (b, NULL));
  }
  {
    KasirMutation *a = kasir_mutation_new ();
    g_autoptr(KasirMutation) b = NULL;

    a->seq = 5; a->id = kasir_uuid_new (); a->type = KASIR_MUTATION_STOCK_ADJUST;
    a->created_at = kasir_now_rfc3339 ();
    a->payload = json ("{\"product_id\": 42, \"delta\": -3}");
    b = kasir_mutation_copy (a);
    g_assert_true (b->payload != a->payload);
    /* Changing the original's payload does not reach the copy. */
    json_object_set_int_member (json_node_get_object (a->payload), "delta", 100);
    kasir_mutation_free (a);
    g_assert_cmpint (b->seq, ==, 5);
    g_assert_cmpint (b->type, ==, KASIR_MUTATION_STOCK_ADJUST);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (b->payload), "delta"), ==, -3);
  }
  {
    KasirConflict *a = kasir_conflict_new ();
    g_autoptr(KasirConflict) b = NULL;

    a->id = 8; a->kind = KASIR_CONFLICT_PRICE_CHANGED; a->status = KASIR_CONFLICT_OPEN;
    a->entity = g_strdup ("product"); a->entity_id = g_strdup ("42");
    a->base = json ("{\"price\": 15000}"); a->terminal = json ("{\"price\": 14000}");
    a->server = NULL; a->created_at = kasir_now_rfc3339 (); a->version = 1;
    b = kasir_conflict_copy (a);
    kasir_conflict_free (a);
    g_assert_cmpstr (b->entity, ==, "product");
    g_assert_cmpstr (b->entity_id, ==, "42");
    g_assert_nonnull (b->base);
    g_assert_nonnull (b->terminal);
    g_assert_null (b->server);
    g_assert_null (b->resolution);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (b->terminal), "price"), ==, 14000);
  }
  {
    /* Empty structs copy and free too. */
    g_autoptr(KasirSale) s = kasir_sale_new ();
    g_autoptr(KasirSale) s2 = kasir_sale_copy (s);
    g_autoptr(KasirMutation) m = kasir_mutation_new ();
    g_autoptr(KasirMutation) m2 = kasir_mutation_copy (m);
    g_autoptr(KasirConflict) c = kasir_conflict_new ();
    g_autoptr(KasirConflict) c2 = kasir_conflict_copy (c);

    g_assert_cmpuint (s2->lines->len, ==, 0);
    g_assert_null (m2->payload);
    g_assert_null (c2->base);
  }

  /* Freeing NULL is harmless. */
  kasir_sale_free (NULL);
  kasir_product_free (NULL);
  kasir_staff_free (NULL);
  kasir_conflict_free (NULL);
}

static void
test_pin (void)
{
  const char *pin = "987654321098";
  g_autofree char *hash = NULL;
  g_autofree char *hash2 = NULL;
  g_autofree char *short_hash = NULL;
  g_autoptr(GError) error = NULL;

  hash = kasir_pin_hash (pin, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, pin));
  /* Not even a long run of the PIN's digits. */
  g_assert_null (strstr (hash, "98765432"));

  g_assert_true (kasir_pin_verify (hash, pin));
  g_assert_false (kasir_pin_verify (hash, "987654321099"));
  g_assert_false (kasir_pin_verify (hash, "98765432109"));
  g_assert_false (kasir_pin_verify (hash, "0987654321098"));
  g_assert_false (kasir_pin_verify (hash, ""));
  g_assert_false (kasir_pin_verify (hash, NULL));
  g_assert_false (kasir_pin_verify (NULL, pin));
  g_assert_false (kasir_pin_verify ("", pin));
  g_assert_false (kasir_pin_verify ("$argon2id$garbage", pin));
  g_assert_false (kasir_pin_verify (pin, pin));

  /* Salted: the same PIN never hashes the same way twice. */
  hash2 = kasir_pin_hash (pin, NULL);
  g_assert_cmpstr (hash, !=, hash2);
  g_assert_true (kasir_pin_verify (hash2, pin));

  short_hash = kasir_pin_hash ("0000", &error);
  g_assert_no_error (error);
  g_assert_true (kasir_pin_verify (short_hash, "0000"));
  g_assert_false (kasir_pin_verify (short_hash, "00000"));
  g_assert_false (kasir_pin_verify (short_hash, "000"));
  g_assert_false (kasir_pin_verify (hash, "0000"));
}

static void
test_pin_format (void)
{
  static const char * const bad[] = {
    "", "1", "123", "1234567890123", "12a4", " 1234", "1234 ", "12.34", "-1234",
    "١٢٣٤", "1234\n", "abcd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      char *hash = kasir_pin_hash (bad[i], &error);

      g_assert_null (hash);
      g_assert_error (error, KASIR_PIN_ERROR, KASIR_PIN_ERROR_INVALID);
      /* The message never repeats what was typed. */
      g_assert_true (strlen (bad[i]) < 3 || strstr (error->message, bad[i]) == NULL);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (kasir_pin_hash (NULL, &error));
    g_assert_error (error, KASIR_PIN_ERROR, KASIR_PIN_ERROR_INVALID);
  }
}

static void
test_token (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *abc = kasir_token_hash ("abc");

  for (guint i = 0; i < 200; i++)
    {
      char *token = kasir_token_new ();
      g_autofree char *hash = kasir_token_hash (token);
      g_autofree char *again = kasir_token_hash (token);
      gsize len = 0;
      g_autofree guchar *decoded = NULL;
      g_autofree char *padded = NULL;
      char *std;

      g_assert_cmpuint (strlen (token), ==, 43);
      for (const char *p = token; *p; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');

      /* It decodes to 32 bytes once put back into standard, padded base64. */
      padded = g_strconcat (token, "=", NULL);
      for (std = padded; *std; std++)
        *std = *std == '-' ? '+' : (*std == '_' ? '/' : *std);
      decoded = g_base64_decode (padded, &len);
      g_assert_cmpuint (len, ==, 32);

      g_assert_cmpuint (strlen (hash), ==, 64);
      for (const char *p = hash; *p; p++)
        g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
      g_assert_cmpstr (hash, ==, again);
      g_assert_null (strstr (hash, token));

      g_assert_false (g_hash_table_contains (seen, token));
      g_hash_table_add (seen, token);
    }

  /* FIPS 180-2 test vector. */
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* A sale's payments as the sales history lists them (wire codes joined by '+') read as
 * the table names them; a code the table does not know is shown as it is. */
static void
test_payment_codes_label (void)
{
  static const struct { const char *codes; const char *label; } cases[] = {
    { "cash", "Cash" }, { "card+cash", "Card + Cash" }, { "ewallet+points", "E-wallet / QRIS + Points" },
    { "other", "Other" }, { "voucher+cash", "voucher + Cash" }, { "", "" }, { "card++cash", "Card + Cash" },
  };
  g_autofree char *none = kasir_payment_method_codes_label (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = kasir_payment_method_codes_label (cases[i].codes);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (kasir_payment_method_code_label ("card"), ==, "Card");
  g_assert_cmpstr (kasir_payment_method_code_label ("bogus"), ==, "bogus");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Models/enum-strings", test_enum_strings);
  g_test_add_func ("/Kasir/Models/payment-codes-label", test_payment_codes_label);
  g_test_add_func ("/Kasir/Models/check-sums/broken", test_check_sums);
  g_test_add_func ("/Kasir/Models/check-sums/valid", test_check_sums_valid_variants);
  g_test_add_func ("/Kasir/Models/uuid", test_uuid);
  g_test_add_func ("/Kasir/Models/rfc3339", test_rfc3339);
  g_test_add_func ("/Kasir/Models/copy-free", test_copy_free);
  g_test_add_func ("/Kasir/Models/pin/hash-verify", test_pin);
  g_test_add_func ("/Kasir/Models/pin/format", test_pin_format);
  g_test_add_func ("/Kasir/Models/token", test_token);

  return g_test_run ();
}
