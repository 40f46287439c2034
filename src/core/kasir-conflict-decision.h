/* kasir-conflict-decision.h — what a manager may decide about a conflict, and what each
 * decision does.
 *
 * The rules live here, with no database: which decisions each conflict kind allows (in
 * the order a till offers them), when a note is required (whenever money or stock moves),
 * what a decision asks the person for and how that becomes the conflict.resolve's
 * "values", and what further mutation it makes. A repository asks for a plan
 * (kasir_conflict_decision_plan()) and persists it; a view asks which decisions to offer
 * and builds the values with the functions below. The wire names ("accept",
 * "counted_stock", …) are the protocol's and never change.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kasir-models.h"
#include "kasir-protocol.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_DECISION_ACCEPT,             /* "accept": the sale stands as it was made */
  KASIR_DECISION_COUNTED_STOCK,      /* "counted_stock": the stock is what was counted */
  KASIR_DECISION_VOID_SALE,          /* "void_sale": the whole sale is refunded */
  KASIR_DECISION_CHARGE_DIFFERENCE,  /* "charge_difference": the customer pays the shortfall */
  KASIR_DECISION_WRITE_OFF,          /* "write_off": the outlet bears the points */
  KASIR_DECISION_MERGE,              /* "merge": field by field, this till's or the server's */
  KASIR_DECISION_ACKNOWLEDGE,        /* "acknowledge": seen; nothing to change */
  KASIR_DECISION_KEEP_BOTH,          /* "keep_both": two products stay, the later one
                                        without the taken barcode (or with its unique SKU) */
  KASIR_DECISION_MERGE_INTO_EXISTING, /* "merge_into_existing": the later product's sales
                                         count for the existing one, and it is archived */
} KasirConflictDecision;

#define KASIR_N_DECISIONS (KASIR_DECISION_MERGE_INTO_EXISTING + 1)

/* What a decision asks the person for, sent as the conflict.resolve's "values". */
typedef enum
{
  KASIR_DECISION_INPUT_NONE,    /* no values */
  KASIR_DECISION_INPUT_COUNT,   /* {"qty": n}, n >= 0: the units counted */
  KASIR_DECISION_INPUT_AMOUNT,  /* {"amount": n}, n > 0 minor units: what to charge */
  KASIR_DECISION_INPUT_FIELDS,  /* {"fields": {"<name>": "mine" | "theirs", …}} naming
                                   every field of this till's side */
} KasirDecisionInput;

/* The mutation a decision queues after its conflict.resolve, in the same transaction. */
typedef enum
{
  KASIR_DECISION_EFFECT_NONE,
  KASIR_DECISION_EFFECT_KEEP_MINE,    /* a product.update / customer.upsert of the fields
                                         kept as "mine" (none kept: no mutation) */
  KASIR_DECISION_EFFECT_REFUND_SALE,  /* a sale.refund of the whole sale; only the till
                                         that made the sale holds it */
} KasirDecisionEffect;

const char          *kasir_conflict_decision_to_string   (KasirConflictDecision  decision);
gboolean             kasir_conflict_decision_from_string (const char            *text,
                                                          KasirConflictDecision *out);

/* The decisions allowed for @kind, in the order offered; never empty. */
const KasirConflictDecision *kasir_conflict_decisions_for (KasirConflictKind  kind,
                                                           guint             *n_decisions);
gboolean             kasir_conflict_decision_allowed     (KasirConflictKind      kind,
                                                          KasirConflictDecision  decision);
/* Whether @decision on @kind moves money or stock, so that a note is required (FALSE
 * when it is not allowed for @kind). */
gboolean             kasir_conflict_decision_needs_note  (KasirConflictKind      kind,
                                                          KasirConflictDecision  decision);
KasirDecisionInput   kasir_conflict_decision_input       (KasirConflictDecision  decision);
KasirDecisionEffect  kasir_conflict_decision_effect      (KasirConflictDecision  decision);
/* Whether the decision can only be taken on the till that made the conflict's sale. */
gboolean             kasir_conflict_decision_needs_own_sale (KasirConflictDecision decision);
/* How a person reads the decision ("Enter the counted stock"), translated. */
const char          *kasir_conflict_decision_label       (KasirConflictKind      kind,
                                                          KasirConflictDecision  decision);

/* Whether @conflict is an open order paid on a till after another till had cancelled
 * it: the server records it as an order paid twice whose server side says "cancelled". */
gboolean             kasir_conflict_paid_after_cancel    (const KasirConflict   *conflict);

/* The values each input sends (new nodes). @fields is NULL-terminated; @keep_mine[i]
 * says whether this till's value of @fields[i] is kept. */
JsonNode            *kasir_conflict_decision_count_values  (gint64               qty);
JsonNode            *kasir_conflict_decision_amount_values (KasirMoney           amount);
JsonNode            *kasir_conflict_decision_fields_values (const char * const  *fields,
                                                            const gboolean      *keep_mine);

/* A decision checked against its conflict, ready to persist. */
typedef struct
{
  KasirConflictDecision  decision;
  char                  *note;    /* trimmed; NULL when none was given */
  JsonNode              *values;  /* the conflict.resolve's values; NULL when none */
  KasirDecisionEffect    effect;
  JsonObject            *kept;    /* KEEP_MINE: this till's values of the fields kept;
                                     empty when every field takes the server's */
} KasirDecisionPlan;

void kasir_decision_plan_free (KasirDecisionPlan *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirDecisionPlan, kasir_decision_plan_free)

/* Checks @decision (a wire name), @note and @values against @conflict, in this order:
 * the conflict is open (KASIR_INPUT_ERROR_STATE); the decision is known and allowed for
 * its kind (INVALID); a note is given when one is required (REQUIRED); the values are
 * what the decision asks for (OUT_OF_RANGE for a number outside its bounds, REQUIRED for
 * a merge choice missing, INVALID otherwise); a sale is voided only where it was made,
 * @sale_is_here (INVALID). NULL with a KASIR_INPUT_ERROR whose message a person can read. */
KasirDecisionPlan *kasir_conflict_decision_plan (const KasirConflict  *conflict,
                                                 const char           *decision,
                                                 const char           *note,
                                                 JsonNode             *values,
                                                 gboolean              sale_is_here,
                                                 GError              **error);

/* Fills @out (borrowing from @plan) with the conflict.resolve that records @plan:
 * expected_version is @conflict's version. */
void               kasir_decision_plan_to_resolve (const KasirDecisionPlan *plan,
                                                   const KasirConflict     *conflict,
                                                   gint64                   staff_id,
                                                   KasirConflictResolve    *out);

G_END_DECLS
