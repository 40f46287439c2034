/* kasir-payment-method.h — the one table of payment methods.
 *
 * Each method has its wire code (what the protocol and the database store), the name a
 * person sees (translated; the checkout, the receipt, the shift dialog and the shift
 * report all say it the same way), the same name with a mnemonic for buttons, and an
 * icon. Every place that lists methods walks this table, in its order.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-types.h"

G_BEGIN_DECLS

typedef struct
{
  KasirPaymentMethod  method;
  const char         *code;            /* wire code: "cash", "card", "ewallet", "other", "points" */
  const char         *label;           /* untranslated; use kasir_payment_method_label() */
  const char         *mnemonic_label;  /* untranslated, with a mnemonic ("C_ash") */
  const char         *icon_name;
} KasirPaymentMethodInfo;

/* How many methods take money into the till (the ones a shift counts and reports): all
 * but points, which come last in the table. */
#define KASIR_N_PAYMENT_METHODS (KASIR_PAYMENT_OTHER + 1)
/* How many methods there are, points included. */
#define KASIR_N_TENDER_METHODS  (KASIR_PAYMENT_POINTS + 1)

/* Every method, in the order a till offers them (points last; only for a member with
 * points); @n_methods is set to their number. */
const KasirPaymentMethodInfo *kasir_payment_methods         (guint              *n_methods);
/* The @index-th method in the table's order (@index < KASIR_N_PAYMENT_METHODS). */
KasirPaymentMethod            kasir_payment_method_nth      (guint               index);
/* The row of @method; an unknown value gets the "other" row. */
const KasirPaymentMethodInfo *kasir_payment_method_info     (KasirPaymentMethod  method);
/* The translated name ("Cash", "E-wallet / QRIS"…); an unknown value reads "Other". */
const char                   *kasir_payment_method_label    (KasirPaymentMethod  method);
/* The translated name of the method whose wire code is @code ("cash" → "Cash"); a code
 * not in the table is shown as it is, so that nothing is named wrongly. */
const char                   *kasir_payment_method_code_label  (const char *code);
/* The translated names of the methods in @codes, wire codes joined by '+' as the sales
 * history lists a sale's payments ("card+cash" → "Card + Cash"). Free with g_free(). */
char                         *kasir_payment_method_codes_label (const char *codes);
/* The translated name with its mnemonic, for buttons. */
const char                   *kasir_payment_method_mnemonic (KasirPaymentMethod  method);

G_END_DECLS
