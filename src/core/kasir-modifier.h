/* kasir-modifier.h — modifier groups of a product and a cashier's choice among them.
 *
 * A product may have groups of options ("Sugar": normal / less / none; "Ice": hot /
 * iced; "Add-ons": extra shot +Rp 5,000). A group is single choice (exactly one option
 * at most) or multiple choice, required (at least @min options, @min >= 1) or optional
 * (@min 0), with at most @max options (0: as many as it has). A priced option adds to
 * the line's unit price and so follows the line's tax.
 *
 * The rules of modifiers: checking a group as the back office defines it, and a choice
 * as the till makes it. A product carries its groups (KasirProduct.modifier_groups, in
 * pull); a choice becomes the line's KasirSaleLineOption list (kasir-models.h), sent in
 * sale.create with each option's price and its group's version.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-money.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  char       *name;
  KasirMoney  price;     /* added to the unit price, >= 0 */
} KasirModifierOption;

typedef struct
{
  gint64      id;
  char       *name;
  gboolean    multiple;  /* FALSE: single choice */
  guint       min;       /* 0: optional */
  guint       max;       /* 0: no limit (multiple choice only) */
  GPtrArray  *options;   /* KasirModifierOption*, in the order offered */
  gint64      version;   /* bumped by every change, like a product's */
} KasirModifierGroup;

KasirModifierOption *kasir_modifier_option_new  (gint64               id,
                                                 const char          *name,
                                                 KasirMoney           price);
void                 kasir_modifier_option_free (KasirModifierOption *self);
KasirModifierGroup  *kasir_modifier_group_new   (gint64               id,
                                                 const char          *name,
                                                 gboolean             multiple,
                                                 guint                min,
                                                 guint                max);
void                 kasir_modifier_group_free  (KasirModifierGroup  *self);
KasirModifierGroup  *kasir_modifier_group_copy  (const KasirModifierGroup *self);
/* A deep copy of an array of KasirModifierGroup* (NULL stays NULL). */
GPtrArray           *kasir_modifier_groups_copy (GPtrArray           *groups);

/* The most options one group may choose: 1 for a single choice, else @max or all. */
guint    kasir_modifier_group_limit (const KasirModifierGroup  *self);
/* Whether the back office may save @self: a name, one option at least, each with a name
 * and a price >= 0 and a distinct id; a single choice takes at most one; @min <= the
 * limit. FALSE with KASIR_INPUT_ERROR naming what is wrong. */
gboolean kasir_modifier_group_check (const KasirModifierGroup  *self,
                                     GError                   **error);
/* Ids: group g of product p is p * KASIR_PROTOCOL_MAX_MODIFIER_GROUPS plus its slot, and
 * option o of group g is g * KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS plus its slot, so ids
 * made on any till or the server never meet another product's. Checks that every id of
 * @groups lies in its range and no two groups (or two options of one group) share one;
 * FALSE with KASIR_INPUT_ERROR_INVALID. */
gboolean kasir_modifier_groups_check_ids (gint64                     product_id,
                                          GPtrArray                 *groups,
                                          GError                   **error);
/* Gives each group and option of @groups with id 0 a free id in its range: above the
 * highest one @groups and @taken (ids, gint64, of groups that had them before: NULL for
 * none) use, else the lowest free one, so a removed group's id is not soon used again.
 * FALSE with KASIR_INPUT_ERROR_OUT_OF_RANGE when a range is full. */
gboolean kasir_modifier_groups_give_ids  (gint64                     product_id,
                                          GPtrArray                 *groups,
                                          GArray                    *taken,
                                          GError                   **error);
/* Whether @a and @b offer the same: name, kind, limits, options with ids, names and
 * prices (not their versions). */
gboolean kasir_modifier_group_equal      (const KasirModifierGroup  *a,
                                          const KasirModifierGroup  *b);
/* Checks @chosen (option ids, gint64) against @groups (KasirModifierGroup*): every id an
 * option of one of the groups and chosen once, each group's count within its min and
 * limit. Sets @out_price to the sum of the chosen options' prices. FALSE with
 * KASIR_INPUT_ERROR naming the group (REQUIRED: too few; OUT_OF_RANGE: too many;
 * INVALID: unknown or repeated) or KASIR_MODEL_ERROR_OVERFLOW. */
gboolean kasir_modifier_choose      (GPtrArray                 *groups,
                                     GArray                    *chosen,
                                     KasirMoney                *out_price,
                                     GError                   **error);

/* kasir_modifier_choose(), and then the chosen options as a line keeps them
 * (KasirSaleLineOption*, with names, prices and the group's version), in the order the
 * groups and options are offered. NULL with the same errors. */
GPtrArray *kasir_modifier_choose_options (GPtrArray               *groups,
                                          GArray                  *chosen,
                                          KasirMoney              *out_price,
                                          GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirModifierOption, kasir_modifier_option_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirModifierGroup, kasir_modifier_group_free)

G_END_DECLS
