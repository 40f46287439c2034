/* kasir-order-type.h — how a sale is served: dine-in, take-away or delivery.
 *
 * A sale may name its order type (NULL: not said, as every sale before order types and
 * a minimarket's sales). The wire and the databases keep the code ("dine_in",
 * "take_away", "delivery"); a dine-in order may carry its table or number, a delivery
 * its reference (the courier's order number), as the order's reference.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest reference (characters): a table, a number, a courier's order number. */
#define KASIR_ORDER_REF_MAX_CHARS 32

/* The codes, in the order a till offers them, NULL-terminated. */
extern const char * const kasir_order_type_codes[];

/* Whether @code is one of the codes (NULL is not). */
gboolean    kasir_order_type_is_valid (const char  *code);
/* The translated name of @code ("Dine-in"…), or NULL for NULL or an unknown code. */
const char *kasir_order_type_label    (const char  *code);
/* What the reference of @code is called ("Table", "Reference"), translated. */
const char *kasir_order_ref_label     (const char  *code);
/* Checks an order: @code NULL or a code; @ref NULL, or text of at most
 * KASIR_ORDER_REF_MAX_CHARS characters, and only with a code. FALSE with
 * KASIR_INPUT_ERROR otherwise. */
gboolean    kasir_order_check         (const char  *code,
                                       const char  *ref,
                                       GError     **error);

G_END_DECLS
