/* kasir-types.h — forward declarations and enums shared by every subsystem.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is always an integer count of the currency's minor unit (sen, cent). Never a
 * floating-point number. See kasir-money.h for the one rounding rule. */
typedef gint64 KasirMoney;

typedef struct _KasirProduct      KasirProduct;
typedef struct _KasirCategory     KasirCategory;
typedef struct _KasirStock        KasirStock;
typedef struct _KasirCustomer     KasirCustomer;
typedef struct _KasirStaff        KasirStaff;
typedef struct _KasirShift        KasirShift;
typedef struct _KasirCart         KasirCart;
typedef struct _KasirCartLine     KasirCartLine;
typedef struct _KasirSale         KasirSale;
typedef struct _KasirSaleLine     KasirSaleLine;
typedef struct _KasirSaleLineOption KasirSaleLineOption;
typedef struct _KasirPayment      KasirPayment;
typedef struct _KasirMutation     KasirMutation;
typedef struct _KasirConflict     KasirConflict;

typedef enum
{
  KASIR_PAYMENT_CASH,
  KASIR_PAYMENT_CARD,
  KASIR_PAYMENT_EWALLET,
  KASIR_PAYMENT_OTHER,
  /* A member's loyalty points, as money; never counted in the drawer. */
  KASIR_PAYMENT_POINTS,
} KasirPaymentMethod;

typedef enum
{
  KASIR_MUTATION_SALE_CREATE,
  KASIR_MUTATION_SALE_REFUND,
  KASIR_MUTATION_SHIFT_OPEN,
  KASIR_MUTATION_SHIFT_CLOSE,
  KASIR_MUTATION_PRODUCT_UPDATE,
  KASIR_MUTATION_STOCK_ADJUST,
  KASIR_MUTATION_CUSTOMER_UPSERT,
  KASIR_MUTATION_CONFLICT_RESOLVE,
  KASIR_MUTATION_SHIFT_CASH,
  KASIR_MUTATION_STAFF_UPSERT,
  KASIR_MUTATION_CATEGORY_UPSERT,
  KASIR_MUTATION_PRODUCT_CREATE,
  /* Open orders: sent to the kitchen before payment, and items added to one later. */
  KASIR_MUTATION_ORDER_OPEN,
  KASIR_MUTATION_ORDER_ADD,
  /* A manager's modifier groups of a product, whole. */
  KASIR_MUTATION_PRODUCT_MODIFIERS,
  /* An open order cancelled before it was paid, with a manager's approval. */
  KASIR_MUTATION_ORDER_CANCEL,
} KasirMutationType;

/* Outbox row states on the terminal. */
typedef enum
{
  KASIR_OUTBOX_PENDING,
  KASIR_OUTBOX_IN_FLIGHT,
  KASIR_OUTBOX_ACKED,
  KASIR_OUTBOX_REJECTED,
} KasirOutboxState;

/* What the server answered for one pushed mutation. */
typedef enum
{
  KASIR_RESULT_APPLIED,
  KASIR_RESULT_APPLIED_WITH_CONFLICTS,
  KASIR_RESULT_REJECTED,
} KasirResultStatus;

typedef enum
{
  KASIR_CONFLICT_STOCK_SHORTAGE,
  KASIR_CONFLICT_PRICE_CHANGED,
  KASIR_CONFLICT_PRODUCT_ARCHIVED,
  KASIR_CONFLICT_SHIFT_CLOSED,
  KASIR_CONFLICT_LOYALTY_OVERSPENT,
  KASIR_CONFLICT_CONCURRENT_EDIT,
  /* A sale named a cashier, customer or shift the server does not have for its outlet:
   * the sale stands without that reference. */
  KASIR_CONFLICT_UNKNOWN_REFERENCE,
  /* A refund from one till gives back goods or money of a sale that another till's
   * refund already gave back: the money left a drawer, a manager looks at it. */
  KASIR_CONFLICT_REFUNDED_TWICE,
  /* A product made at a till had a barcode or SKU another product took meanwhile: the
   * later one was kept without that barcode (or with its SKU made unique). */
  KASIR_CONFLICT_DUPLICATE_CODE,
  /* Two tills were paid for the same open order (one of them offline): both sales
   * stand, a manager gives one back. */
  KASIR_CONFLICT_ORDER_PAID_TWICE,
} KasirConflictKind;

typedef enum
{
  KASIR_CONFLICT_OPEN,
  KASIR_CONFLICT_RESOLVED,
  KASIR_CONFLICT_RESOLVED_BY_RULE,
} KasirConflictStatus;

/* Enum <-> wire string. The from_string functions return FALSE for unknown text. */
const char *kasir_payment_method_to_string   (KasirPaymentMethod   method);
gboolean    kasir_payment_method_from_string (const char          *text,
                                              KasirPaymentMethod  *out);
const char *kasir_mutation_type_to_string    (KasirMutationType    type);
gboolean    kasir_mutation_type_from_string  (const char          *text,
                                              KasirMutationType   *out);
const char *kasir_result_status_to_string    (KasirResultStatus    status);
gboolean    kasir_result_status_from_string  (const char          *text,
                                              KasirResultStatus   *out);
const char *kasir_conflict_kind_to_string    (KasirConflictKind    kind);
gboolean    kasir_conflict_kind_from_string  (const char          *text,
                                              KasirConflictKind   *out);
const char *kasir_conflict_status_to_string  (KasirConflictStatus  status);
gboolean    kasir_conflict_status_from_string (const char         *text,
                                               KasirConflictStatus *out);
const char *kasir_outbox_state_to_string     (KasirOutboxState     state);
gboolean    kasir_outbox_state_from_string   (const char          *text,
                                              KasirOutboxState    *out);

G_END_DECLS
