/* kasir-types.c — enum <-> wire string tables.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-types.h"

#include <string.h>

/* Each table is indexed by the enum value, so the wire text of a value is one array
 * access and the reverse lookup is a short linear scan over a handful of entries. */

/* Payment methods have their own table, with labels and icons: kasir-payment-method.c. */

static const char * const mutation_types[] = {
  [KASIR_MUTATION_SALE_CREATE] = "sale.create",
  [KASIR_MUTATION_SALE_REFUND] = "sale.refund",
  [KASIR_MUTATION_SHIFT_OPEN] = "shift.open",
  [KASIR_MUTATION_SHIFT_CLOSE] = "shift.close",
  [KASIR_MUTATION_PRODUCT_UPDATE] = "product.update",
  [KASIR_MUTATION_STOCK_ADJUST] = "stock.adjust",
  [KASIR_MUTATION_CUSTOMER_UPSERT] = "customer.upsert",
  [KASIR_MUTATION_CONFLICT_RESOLVE] = "conflict.resolve",
  [KASIR_MUTATION_SHIFT_CASH] = "shift.cash",
  [KASIR_MUTATION_STAFF_UPSERT] = "staff.upsert",
  [KASIR_MUTATION_CATEGORY_UPSERT] = "category.upsert",
  [KASIR_MUTATION_PRODUCT_CREATE] = "product.create",
  [KASIR_MUTATION_ORDER_OPEN] = "order.open",
  [KASIR_MUTATION_ORDER_ADD] = "order.add",
  [KASIR_MUTATION_PRODUCT_MODIFIERS] = "product.modifiers",
  [KASIR_MUTATION_ORDER_CANCEL] = "order.cancel",
};

static const char * const result_statuses[] = {
  [KASIR_RESULT_APPLIED] = "applied",
  [KASIR_RESULT_APPLIED_WITH_CONFLICTS] = "applied_with_conflicts",
  [KASIR_RESULT_REJECTED] = "rejected",
};

static const char * const conflict_kinds[] = {
  [KASIR_CONFLICT_STOCK_SHORTAGE] = "stock_shortage",
  [KASIR_CONFLICT_PRICE_CHANGED] = "price_changed",
  [KASIR_CONFLICT_PRODUCT_ARCHIVED] = "product_archived",
  [KASIR_CONFLICT_SHIFT_CLOSED] = "shift_closed",
  [KASIR_CONFLICT_LOYALTY_OVERSPENT] = "loyalty_overspent",
  [KASIR_CONFLICT_CONCURRENT_EDIT] = "concurrent_edit",
  [KASIR_CONFLICT_UNKNOWN_REFERENCE] = "unknown_reference",
  [KASIR_CONFLICT_REFUNDED_TWICE] = "refunded_twice",
  [KASIR_CONFLICT_DUPLICATE_CODE] = "duplicate_code",
  [KASIR_CONFLICT_ORDER_PAID_TWICE] = "order_paid_twice",
};

static const char * const conflict_statuses[] = {
  [KASIR_CONFLICT_OPEN] = "open",
  [KASIR_CONFLICT_RESOLVED] = "resolved",
  [KASIR_CONFLICT_RESOLVED_BY_RULE] = "resolved_by_rule",
};

static const char * const outbox_states[] = {
  [KASIR_OUTBOX_PENDING] = "pending",
  [KASIR_OUTBOX_IN_FLIGHT] = "in_flight",
  [KASIR_OUTBOX_ACKED] = "acked",
  [KASIR_OUTBOX_REJECTED] = "rejected",
};

static const char *
lookup_name (const char * const *table,
             guint               n_entries,
             guint               value)
{
  if (value >= n_entries)
    return NULL;

  return table[value];
}

static gboolean
lookup_value (const char * const *table,
              guint               n_entries,
              const char         *text,
              guint              *out)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      if (strcmp (table[i], text) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(prefix, Type, table)                                \
  const char *                                                                  \
  prefix##_to_string (Type value)                                               \
  {                                                                             \
    return lookup_name (table, G_N_ELEMENTS (table), (guint) value);            \
  }                                                                             \
                                                                                \
  gboolean                                                                      \
  prefix##_from_string (const char *text,                                       \
                        Type       *out)                                        \
  {                                                                             \
    guint value;                                                                \
                                                                                \
    g_return_val_if_fail (out != NULL, FALSE);                                  \
                                                                                \
    if (!lookup_value (table, G_N_ELEMENTS (table), text, &value))              \
      return FALSE;                                                             \
                                                                                \
    *out = (Type) value;                                                        \
    return TRUE;                                                                \
  }

DEFINE_ENUM_STRINGS (kasir_mutation_type, KasirMutationType, mutation_types)
DEFINE_ENUM_STRINGS (kasir_result_status, KasirResultStatus, result_statuses)
DEFINE_ENUM_STRINGS (kasir_conflict_kind, KasirConflictKind, conflict_kinds)
DEFINE_ENUM_STRINGS (kasir_conflict_status, KasirConflictStatus, conflict_statuses)
DEFINE_ENUM_STRINGS (kasir_outbox_state, KasirOutboxState, outbox_states)
