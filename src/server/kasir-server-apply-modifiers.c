/* kasir-server-apply-modifiers.c — a product's modifier groups on the server: setting
 * them (the demo, the admin path, a manager's product.modifiers from a till), and
 * checking the options a sale line chose.
 *
 * A product's groups are kept whole (product_modifiers, the protocol's JSON), and each
 * version of each group in entity_history ("modifier_group"), so that a sale made at an
 * older version is checked against the prices that version had. Setting groups bumps
 * the version of each group that changed and the product's own version, and logs the
 * product so that every till pulls it with its groups.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-input-error.h"
#include "kasir-modifier.h"
#include "kasir-server-apply.h"

#define HISTORY_ENTITY "modifier_group"

static GPtrArray *
decode_groups_text (const char  *json,
                    GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (json == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  node = kasir_protocol_parse (json, strlen (json), error);
  if (node == NULL)
    return NULL;
  return kasir_protocol_decode_modifier_groups (node, error);
}

static const KasirModifierGroup *
find_group (GPtrArray *groups,
            gint64     id)
{
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    if (((KasirModifierGroup *) groups->pdata[i])->id == id)
      return groups->pdata[i];
  return NULL;
}

static const KasirModifierOption *
find_option (const KasirModifierGroup *group,
             gint64                    id)
{
  for (guint i = 0; group != NULL && i < group->options->len; i++)
    if (((KasirModifierOption *) group->options->pdata[i])->id == id)
      return group->options->pdata[i];
  return NULL;
}

static gboolean
id_used (GPtrArray *items,
         gsize      offset,
         gint64     id)
{
  for (guint i = 0; i < items->len; i++)
    if (G_STRUCT_MEMBER (gint64, items->pdata[i], offset) == id)
      return TRUE;
  return FALSE;
}

/* Gives each group and option of @groups with id 0 the id of its place, when no other
 * has it. */
static void
place_ids (gint64     product_id,
           GPtrArray *groups)
{
  for (guint g = 0; g < groups->len; g++)
    {
      KasirModifierGroup *group = groups->pdata[g];
      gint64 id = product_id * KASIR_PROTOCOL_MAX_MODIFIER_GROUPS + g;

      if (group->id == 0 && !id_used (groups, G_STRUCT_OFFSET (KasirModifierGroup, id), id))
        group->id = id;
      for (guint o = 0; group->id != 0 && o < group->options->len; o++)
        {
          KasirModifierOption *option = group->options->pdata[o];
          gint64 option_id = group->id * KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS + o;

          if (option->id == 0
              && !id_used (group->options, G_STRUCT_OFFSET (KasirModifierOption, id), option_id))
            option->id = option_id;
        }
    }
}

/* The first version of group @id that no history holds: 1 for a new id. */
static gboolean
first_free_version (KasirServerTx  *tx,
                    gint64          id,
                    gint64         *version,
                    GError        **error)
{
  for (*version = 1;; (*version)++)
    {
      g_autoptr(JsonNode) history = NULL;

      if (!tx->klass->load_history (tx, HISTORY_ENTITY, id, *version, &history, error))
        return FALSE;
      if (history == NULL)
        return TRUE;
    }
}

gboolean
kasir_server_tx_set_modifier_groups (KasirServerTx  *tx,
                                     gint64          product_id,
                                     GPtrArray      *groups,
                                     GError        **error)
{
  const KasirServerTxClass *k = tx->klass;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean code_taken = FALSE;
  char idbuf[32];

  g_return_val_if_fail (groups != NULL && groups->len <= KASIR_PROTOCOL_MAX_MODIFIER_GROUPS, FALSE);

  if (!k->load_product (tx, product_id, &product, error))
    return FALSE;
  if (product == NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "no product %" G_GINT64_FORMAT, product_id);
      return FALSE;
    }
  if (!k->load_modifiers (tx, product_id, &json, error)
      || (current = decode_groups_text (json, error)) == NULL)
    return FALSE;

  /* The admin path names groups by their place: the same place keeps its id (and so its
   * version history) when it is set again. Anything else new gets an id in its
   * product's (group's) range that no group has now. */
  place_ids (product_id, groups);
  for (guint g = 0; g < current->len; g++)
    g_array_append_val (taken, ((KasirModifierGroup *) current->pdata[g])->id);
  if (!kasir_modifier_groups_give_ids (product_id, groups, taken, error)
      || !kasir_modifier_groups_check_ids (product_id, groups, error))
    return FALSE;
  for (guint g = 0; g < groups->len; g++)
    {
      KasirModifierGroup *group = groups->pdata[g];
      const KasirModifierGroup *before;
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autoptr(JsonNode) history = NULL;

      if (!kasir_modifier_group_check (group, error))
        return FALSE;
      before = find_group (current, group->id);
      if (before == NULL)
        {
          /* An id a removed group had: its versions go on, so each stays one price list. */
          if (!first_free_version (tx, group->id, &group->version, error))
            return FALSE;
        }
      else if (kasir_modifier_group_equal (before, group))
        {
          group->version = before->version;
          continue;
        }
      else
        group->version = before->version + 1;
      g_ptr_array_add (one, group);
      history = kasir_protocol_encode_modifier_groups (one);
      if (!k->save_history (tx, HISTORY_ENTITY, group->id, group->version, history, error))
        return FALSE;
    }

  node = kasir_protocol_encode_modifier_groups (groups);
  text = kasir_protocol_to_string (node, NULL);
  if (!k->save_modifiers (tx, product_id, groups->len > 0 ? text : NULL, error))
    return FALSE;
  /* The product's new version is in its history too, so that a product.update made
   * against it merges from what it was. */
  product->version++;
  if (!k->update_product (tx, product, &code_taken, error))
    return FALSE;
  updated = kasir_apply_product_json (product);
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, product_id);
  return k->save_history (tx, "product", product_id, product->version, updated, error)
         && k->log_change (tx, "product", idbuf, 0, product->archived, error);
}

gboolean
kasir_server_tx_save_modifier_groups (KasirServerTx  *tx,
                                      gint64          product_id,
                                      GPtrArray      *groups,
                                      GError        **error)
{
  g_autofree char *detail = g_strdup_printf ("product %" G_GINT64_FORMAT ": %u groups",
                                             product_id, groups->len);

  if (!tx->klass->begin (tx, error))
    return FALSE;
  if (!kasir_server_tx_set_modifier_groups (tx, product_id, groups, error)
      || !tx->klass->audit (tx, "admin", "product.modifiers", detail, error)
      || !tx->klass->commit (tx, error))
    {
      tx->klass->rollback (tx);
      return FALSE;
    }
  return TRUE;
}

/* Whether @base (KasirModifierBase*) names exactly the groups of @current at their
 * versions, in any order. */
static gboolean
base_is_current (GPtrArray *base,
                 GPtrArray *current)
{
  if (base->len != current->len)
    return FALSE;
  for (guint i = 0; i < base->len; i++)
    {
      const KasirModifierBase *b = base->pdata[i];
      const KasirModifierGroup *group = find_group (current, b->id);

      if (group == NULL || group->version != b->version)
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_apply_product_modifiers (KasirApply  *a,
                               GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirModifierEdit) edit = kasir_protocol_decode_product_modifiers (a->mutation->payload,
                                                                              &local_error);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autofree char *json = NULL;
  gboolean allowed;

  if (edit == NULL)
    {
      kasir_apply_reject (a, "invalid product.modifiers: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, edit->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->load_product (a->tx, edit->product_id, &product, error))
    return FALSE;
  if (product == NULL)
    {
      kasir_apply_reject (a, "unknown_product: no product %" G_GINT64_FORMAT, edit->product_id);
      return TRUE;
    }
  if (!k->load_modifiers (a->tx, edit->product_id, &json, error)
      || (current = decode_groups_text (json, error)) == NULL)
    return FALSE;
  /* Groups changed by another till since this one's edit: taking the edit would undo
   * theirs without anyone seeing it. */
  if (!base_is_current (edit->base_groups, current))
    {
      kasir_apply_reject (a, "concurrent_edit: the modifier groups of product %" G_GINT64_FORMAT
                          " changed on the server since this edit was made; pull and edit again",
                          edit->product_id);
      return TRUE;
    }
  if (!kasir_server_tx_set_modifier_groups (a->tx, edit->product_id, edit->groups, &local_error))
    {
      if (local_error->domain != KASIR_INPUT_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      kasir_apply_reject (a, "invalid product.modifiers: %s", local_error->message);
    }
  return TRUE;
}

/* The price option @option_id had in version @version of group @group_id; *found FALSE
 * when that version or that option in it is unknown. */
static gboolean
price_at_version (KasirServerTx  *tx,
                  gint64          group_id,
                  gint64          version,
                  gint64          option_id,
                  gint64         *price,
                  gboolean       *found,
                  GError        **error)
{
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  const KasirModifierOption *option;

  *found = FALSE;
  if (!tx->klass->load_history (tx, HISTORY_ENTITY, group_id, version, &history, error))
    return FALSE;
  if (history == NULL)
    return TRUE;
  groups = kasir_protocol_decode_modifier_groups (history, NULL);
  if (groups == NULL || groups->len != 1)
    return TRUE;
  option = find_option (groups->pdata[0], option_id);
  if (option != NULL)
    {
      *found = TRUE;
      *price = option->price;
    }
  return TRUE;
}

gboolean
kasir_apply_check_line_options (KasirApply           *a,
                                const KasirSale      *sale,
                                const KasirSaleLine  *line,
                                gboolean              record_changes,
                                gboolean             *forged,
                                GError              **error)
{
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) current = NULL;
  char idbuf[32];

  *forged = FALSE;
  if (line->options == NULL || line->options->len == 0)
    return TRUE;
  if (!a->tx->klass->load_modifiers (a->tx, line->product_id, &json, error)
      || (current = decode_groups_text (json, error)) == NULL)
    return FALSE;
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, line->product_id);

  for (guint i = 0; i < line->options->len; i++)
    {
      const KasirSaleLineOption *o = line->options->pdata[i];
      const KasirModifierGroup *group = find_group (current, o->group_id);
      const KasirModifierOption *now = find_option (group, o->option_id);
      gint64 then = 0;
      gboolean known;

      /* Money already changed hands at a price the till can only have had from this
       * server: an option at a price no version of its group ever had is forged. */
      if (!price_at_version (a->tx, o->group_id, o->group_version, o->option_id, &then, &known,
                             error))
        return FALSE;
      if (!record_changes && (!known || then != o->price))
        {
          kasir_apply_reject (a, "invalid sale: line %u option %" G_GINT64_FORMAT
                              " at %" G_GINT64_FORMAT " is not a price of its group's version %"
                              G_GINT64_FORMAT, i + 1, o->option_id, o->price, o->group_version);
          *forged = TRUE;
          return TRUE;
        }
      /* An older version at a price since changed: settled by rule, as a product's. */
      if (record_changes && known && group != NULL && group->version != o->group_version
          && (now == NULL || now->price != o->price))
        {
          g_autoptr(JsonNode) b = kasir_apply_int_object ("option_id", o->option_id, "price", then);
          g_autoptr(JsonNode) t = kasir_apply_int_object ("option_price", o->price,
                                                          "group_version", o->group_version);
          g_autoptr(JsonNode) s = kasir_apply_int_object ("option_price", now != NULL ? now->price : 0,
                                                          "group_version", group->version);

          if (!kasir_apply_conflict (a, KASIR_CONFLICT_PRICE_CHANGED, KASIR_CONFLICT_RESOLVED_BY_RULE,
                                     "product", idbuf, b, kasir_apply_with_sale (t, sale), s, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* The demo's coffee: Sugar (normal / less / none) and Ice (hot / iced), each one
 * required choice, and Add-ons (extra shot Rp 5,000, hazelnut syrup Rp 4,000), at most
 * two. */
static GPtrArray *
demo_coffee_groups (void)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  KasirModifierGroup *sugar = kasir_modifier_group_new (0, "Sugar", FALSE, 1, 1);
  KasirModifierGroup *ice = kasir_modifier_group_new (0, "Ice", FALSE, 1, 1);
  KasirModifierGroup *addons = kasir_modifier_group_new (0, "Add-ons", TRUE, 0, 2);

  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "Normal sugar", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "Less sugar", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "No sugar", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (0, "Hot", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (0, "Iced", 0));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (0, "Extra shot", 5000));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (0, "Hazelnut syrup", 4000));
  g_ptr_array_add (groups, sugar);
  g_ptr_array_add (groups, ice);
  g_ptr_array_add (groups, addons);
  return groups;
}

gboolean
kasir_server_tx_demo_modifiers (KasirServerTx  *tx,
                                GPtrArray      *rows,
                                GError        **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const KasirServerImportRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) groups = NULL;
      gint64 id = 0;
      gboolean found = FALSE;

      if (row->name == NULL || strstr (row->name, "Kopi Susu") == NULL)
        continue;
      if (!tx->klass->product_by_sku (tx, row->sku, &id, &found, error))
        return FALSE;
      groups = demo_coffee_groups ();
      if (found && !kasir_server_tx_set_modifier_groups (tx, id, groups, error))
        return FALSE;
    }
  return TRUE;
}
