/* kasir-kitchen-item.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-kitchen-item.h"
#include "kasir-sale-line-option.h"

KasirKitchenItem *
kasir_kitchen_item_new (gint64      product_id,
                        const char *name,
                        gint64      qty,
                        const char *options,
                        const char *note)
{
  KasirKitchenItem *self = g_new0 (KasirKitchenItem, 1);

  self->product_id = product_id;
  self->name = g_strdup (name != NULL ? name : "");
  self->qty = qty;
  self->options = options != NULL && options[0] != '\0' ? g_strdup (options) : NULL;
  self->note = note != NULL && note[0] != '\0' ? g_strdup (note) : NULL;

  return self;
}

KasirKitchenItem *
kasir_kitchen_item_copy (const KasirKitchenItem *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return kasir_kitchen_item_new (self->product_id, self->name, self->qty, self->options, self->note);
}

void
kasir_kitchen_item_free (KasirKitchenItem *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->options);
  g_free (self->note);
  g_free (self);
}

static GPtrArray *
new_items (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_kitchen_item_free);
}

GPtrArray *
kasir_kitchen_items_from_cart (const KasirCart *cart)
{
  GPtrArray *items = new_items ();
  g_autoptr(GPtrArray) lines = new_items ();

  g_return_val_if_fail (cart != NULL, items);

  for (guint i = 0; i < cart->lines->len; i++)
    {
      const KasirCartLine *line = g_ptr_array_index (cart->lines, i);
      g_autofree char *options = kasir_line_options_text (line->options, NULL);

      g_ptr_array_add (lines, kasir_kitchen_item_new (line->product_id, line->name, line->qty, options, line->note));
    }
  /* Lines of the same product made the same way are one item to the kitchen. */
  kasir_kitchen_items_merge (items, lines);

  return items;
}

static gboolean
same_item (const KasirKitchenItem *a,
           const KasirKitchenItem *b)
{
  return a->product_id == b->product_id &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->options, b->options) == 0 &&
         g_strcmp0 (a->note, b->note) == 0;
}

static KasirKitchenItem *
find_item (GPtrArray              *items,
           const KasirKitchenItem *like)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    if (same_item (g_ptr_array_index (items, i), like))
      return g_ptr_array_index (items, i);
  return NULL;
}

GPtrArray *
kasir_kitchen_items_added (GPtrArray *now,
                           GPtrArray *sent)
{
  GPtrArray *added = new_items ();
  g_autoptr(GPtrArray) left = new_items ();

  g_return_val_if_fail (now != NULL, added);

  /* What was sent is used up item by item, so two lines of one product count together. */
  kasir_kitchen_items_merge (left, sent);
  for (guint i = 0; i < now->len; i++)
    {
      const KasirKitchenItem *item = g_ptr_array_index (now, i);
      KasirKitchenItem *was = find_item (left, item);
      gint64 qty = item->qty;

      if (was != NULL)
        {
          gint64 used = MIN (was->qty, qty);

          qty -= used;
          was->qty -= used;
        }
      if (qty > 0)
        g_ptr_array_add (added, kasir_kitchen_item_new (item->product_id, item->name, qty,
                                                        item->options, item->note));
    }

  return added;
}

void
kasir_kitchen_items_merge (GPtrArray *into,
                           GPtrArray *more)
{
  g_return_if_fail (into != NULL);

  for (guint i = 0; more != NULL && i < more->len; i++)
    {
      const KasirKitchenItem *item = g_ptr_array_index (more, i);
      KasirKitchenItem *same = find_item (into, item);

      if (same != NULL)
        same->qty += item->qty;
      else
        g_ptr_array_add (into, kasir_kitchen_item_copy (item));
    }
}

JsonNode *
kasir_kitchen_items_to_json (GPtrArray *items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const KasirKitchenItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "product_id");
      json_builder_add_int_value (builder, item->product_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, item->name);
      json_builder_set_member_name (builder, "qty");
      json_builder_add_int_value (builder, item->qty);
      if (item->options != NULL)
        {
          json_builder_set_member_name (builder, "options");
          json_builder_add_string_value (builder, item->options);
        }
      if (item->note != NULL)
        {
          json_builder_set_member_name (builder, "note");
          json_builder_add_string_value (builder, item->note);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static const char *
optional_string (JsonObject *object,
                 const char *name,
                 gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
is_int (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

GPtrArray *
kasir_kitchen_items_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(GPtrArray) items = new_items ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The kitchen items are not a list"));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      gboolean ok = object != NULL && is_int (object, "product_id") && is_int (object, "qty");
      const char *name = ok ? optional_string (object, "name", &ok) : NULL;
      const char *options = ok ? optional_string (object, "options", &ok) : NULL;
      const char *note = ok ? optional_string (object, "note", &ok) : NULL;

      if (!ok || name == NULL || json_object_get_int_member (object, "qty") <= 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Kitchen item %u cannot be read"), i + 1);
          return NULL;
        }
      g_ptr_array_add (items, kasir_kitchen_item_new (json_object_get_int_member (object, "product_id"),
                                                      name, json_object_get_int_member (object, "qty"),
                                                      options, note));
    }

  return g_steal_pointer (&items);
}
