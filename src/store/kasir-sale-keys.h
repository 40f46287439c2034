/* kasir-sale-keys.h — how a sale's lines and payments are keyed (migration 0024).
 *
 * A sale has a row number, sales.sale_row; its line or payment number n (from 1) has the
 * key sale_row * 65536 + n in sale_lines.line_key or sale_payments.payment_key. So a
 * new sale's rows go at the end of both tables, and a sale's rows are one key range,
 * which SQLite finds by the tables' own b-tree: a query joins them to their sale with
 * KASIR_SALE_KEYS, never by scanning.
 *
 * Below version 24 (only the migrations' tests open such files) both tables were keyed
 * by (sale_id, line_no).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first schema version with these keys. */
#define KASIR_SALE_KEYS_VERSION 24
/* The most lines, or payments, one sale can have. */
#define KASIR_SALE_KEYS_MAX     65535

/* SQL: the key column @key (such as "l.line_key") belongs to the sale of the sales row
 * aliased @sale (such as "s"). Both are SQL text, pasted as they are. */
#define KASIR_SALE_KEYS(key, sale) \
  "(" key " BETWEEN " sale ".sale_row * 65536 AND " sale ".sale_row * 65536 + 65535)"
/* SQL: the line or payment number (from 1) of key column @key. */
#define KASIR_SALE_KEY_NUMBER(key) "(" key " & 65535)"

G_END_DECLS
