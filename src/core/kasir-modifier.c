/* kasir-modifier.c — modifier groups of a product and a cashier's choice among them.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-models.h"
#include "kasir-modifier.h"
#include "kasir-protocol.h"

KasirModifierOption *
kasir_modifier_option_new (gint64      id,
                           const char *name,
                           KasirMoney  price)
{
  KasirModifierOption *self = g_new0 (KasirModifierOption, 1);

  self->id = id;
  self->name = g_strdup (name);
  self->price = price;

  return self;
}

void
kasir_modifier_option_free (KasirModifierOption *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

KasirModifierGroup *
kasir_modifier_group_new (gint64      id,
                          const char *name,
                          gboolean    multiple,
                          guint       min,
                          guint       max)
{
  KasirModifierGroup *self = g_new0 (KasirModifierGroup, 1);

  self->id = id;
  self->name = g_strdup (name);
  self->multiple = multiple;
  self->min = min;
  self->max = max;
  self->options = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_option_free);
  self->version = 1;

  return self;
}

void
kasir_modifier_group_free (KasirModifierGroup *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->options, g_ptr_array_unref);
  g_free (self);
}

KasirModifierGroup *
kasir_modifier_group_copy (const KasirModifierGroup *self)
{
  KasirModifierGroup *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = kasir_modifier_group_new (self->id, self->name, self->multiple, self->min, self->max);
  copy->version = self->version;
  for (guint i = 0; self->options != NULL && i < self->options->len; i++)
    {
      const KasirModifierOption *option = self->options->pdata[i];

      g_ptr_array_add (copy->options,
                       kasir_modifier_option_new (option->id, option->name, option->price));
    }
  return copy;
}

GPtrArray *
kasir_modifier_groups_copy (GPtrArray *groups)
{
  GPtrArray *copy;

  if (groups == NULL)
    return NULL;
  copy = g_ptr_array_new_full (groups->len, (GDestroyNotify) kasir_modifier_group_free);
  for (guint i = 0; i < groups->len; i++)
    g_ptr_array_add (copy, kasir_modifier_group_copy (groups->pdata[i]));
  return copy;
}

guint
kasir_modifier_group_limit (const KasirModifierGroup *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (!self->multiple)
    return 1;
  if (self->max == 0 || self->max > self->options->len)
    return self->options->len;
  return self->max;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

gboolean
kasir_modifier_group_check (const KasirModifierGroup  *self,
                            GError                   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (is_blank (self->name) || !g_utf8_validate (self->name, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   _("A modifier group needs a name"));
      return FALSE;
    }
  if (self->options->len == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   _("The group “%s” needs at least one option"), self->name);
      return FALSE;
    }
  for (guint i = 0; i < self->options->len; i++)
    {
      const KasirModifierOption *option = self->options->pdata[i];

      if (is_blank (option->name) || !g_utf8_validate (option->name, -1, NULL))
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                       _("Every option of “%s” needs a name"), self->name);
          return FALSE;
        }
      if (option->price < 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       _("The option “%s” cannot have a negative price"), option->name);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (((KasirModifierOption *) self->options->pdata[j])->id == option->id)
          {
            g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                         _("Two options of “%s” have the same id"), self->name);
            return FALSE;
          }
    }
  if ((!self->multiple && self->max > 1) || self->min > kasir_modifier_group_limit (self))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("The group “%s” asks for more choices than it allows"), self->name);
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_modifier_group_equal (const KasirModifierGroup *a,
                            const KasirModifierGroup *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->id != b->id || g_strcmp0 (a->name, b->name) != 0 || a->multiple != b->multiple
      || a->min != b->min || a->max != b->max || a->options->len != b->options->len)
    return FALSE;
  for (guint i = 0; i < a->options->len; i++)
    {
      const KasirModifierOption *x = a->options->pdata[i];
      const KasirModifierOption *y = b->options->pdata[i];

      if (x->id != y->id || x->price != y->price || g_strcmp0 (x->name, y->name) != 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_modifier_groups_check_ids (gint64      product_id,
                                 GPtrArray  *groups,
                                 GError    **error)
{
  g_return_val_if_fail (groups != NULL, FALSE);

  for (guint g = 0; g < groups->len; g++)
    {
      const KasirModifierGroup *group = groups->pdata[g];

      if (product_id <= 0 || product_id > G_MAXINT64 / KASIR_PROTOCOL_MAX_MODIFIER_GROUPS
                                          / KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS
          || group->id / KASIR_PROTOCOL_MAX_MODIFIER_GROUPS != product_id)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("The group “%s” does not belong to this product"), group->name);
          return FALSE;
        }
      for (guint h = 0; h < g; h++)
        if (((KasirModifierGroup *) groups->pdata[h])->id == group->id)
          {
            g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                         _("Two groups have the same id"));
            return FALSE;
          }
      for (guint o = 0; o < group->options->len; o++)
        if (((KasirModifierOption *) group->options->pdata[o])->id
            / KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS != group->id)
          {
            g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                         _("An option of “%s” does not belong to it"), group->name);
            return FALSE;
          }
    }
  return TRUE;
}

/* A free id in [@base, @base + @size): above the highest of @used, else the lowest free
 * one; 0 when all are used. */
static gint64
free_id (gint64  base,
         gint64  size,
         GArray *used)
{
  gint64 high = base - 1;

  for (guint i = 0; i < used->len; i++)
    {
      gint64 id = g_array_index (used, gint64, i);

      if (id >= base && id < base + size)
        high = MAX (high, id);
    }
  if (high + 1 < base + size)
    return high + 1;
  for (gint64 id = base; id < base + size; id++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < used->len && !found; i++)
        found = g_array_index (used, gint64, i) == id;
      if (!found)
        return id;
    }
  return 0;
}

gboolean
kasir_modifier_groups_give_ids (gint64      product_id,
                                GPtrArray  *groups,
                                GArray     *taken,
                                GError    **error)
{
  g_autoptr(GArray) used = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (groups != NULL, FALSE);
  g_return_val_if_fail (product_id > 0, FALSE);

  if (taken != NULL)
    g_array_append_vals (used, taken->data, taken->len);
  for (guint g = 0; g < groups->len; g++)
    g_array_append_val (used, ((KasirModifierGroup *) groups->pdata[g])->id);
  for (guint g = 0; g < groups->len; g++)
    {
      KasirModifierGroup *group = groups->pdata[g];
      g_autoptr(GArray) options = g_array_new (FALSE, FALSE, sizeof (gint64));

      if (group->id == 0)
        {
          group->id = free_id (product_id * KASIR_PROTOCOL_MAX_MODIFIER_GROUPS,
                               KASIR_PROTOCOL_MAX_MODIFIER_GROUPS, used);
          if (group->id == 0)
            {
              g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                           _("A product can have at most %d modifier groups"),
                           KASIR_PROTOCOL_MAX_MODIFIER_GROUPS);
              return FALSE;
            }
          g_array_append_val (used, group->id);
        }
      for (guint o = 0; o < group->options->len; o++)
        g_array_append_val (options, ((KasirModifierOption *) group->options->pdata[o])->id);
      for (guint o = 0; o < group->options->len; o++)
        {
          KasirModifierOption *option = group->options->pdata[o];

          if (option->id != 0)
            continue;
          option->id = free_id (group->id * KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS,
                                KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS, options);
          if (option->id == 0)
            {
              g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                           _("A modifier group can have at most %d options"),
                           KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS);
              return FALSE;
            }
          g_array_append_val (options, option->id);
        }
    }
  return TRUE;
}

/* The group that offers option @id, and the option, or NULL. */
static const KasirModifierGroup *
find_option (GPtrArray                  *groups,
             gint64                      id,
             const KasirModifierOption **out_option,
             guint                      *out_index)
{
  for (guint g = 0; g < groups->len; g++)
    {
      const KasirModifierGroup *group = groups->pdata[g];

      for (guint i = 0; i < group->options->len; i++)
        if (((KasirModifierOption *) group->options->pdata[i])->id == id)
          {
            *out_option = group->options->pdata[i];
            *out_index = g;
            return group;
          }
    }
  return NULL;
}

gboolean
kasir_modifier_choose (GPtrArray   *groups,
                       GArray      *chosen,
                       KasirMoney  *out_price,
                       GError     **error)
{
  g_autofree guint *counts = NULL;
  KasirMoney price = 0;

  g_return_val_if_fail (groups != NULL, FALSE);
  g_return_val_if_fail (chosen != NULL, FALSE);
  g_return_val_if_fail (out_price != NULL, FALSE);

  counts = g_new0 (guint, groups->len + 1);
  for (guint c = 0; c < chosen->len; c++)
    {
      gint64 id = g_array_index (chosen, gint64, c);
      const KasirModifierOption *option = NULL;
      const KasirModifierGroup *group;
      guint index = 0;

      for (guint d = 0; d < c; d++)
        if (g_array_index (chosen, gint64, d) == id)
          {
            g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                         _("An option was chosen twice"));
            return FALSE;
          }
      group = find_option (groups, id, &option, &index);
      if (group == NULL)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("That option is not offered for this product"));
          return FALSE;
        }
      counts[index]++;
      if (!kasir_money_add (price, option->price, &price))
        {
          g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW,
                       _("The options are too expensive"));
          return FALSE;
        }
    }
  for (guint g = 0; g < groups->len; g++)
    {
      const KasirModifierGroup *group = groups->pdata[g];
      guint limit = kasir_modifier_group_limit (group);

      if (counts[g] < group->min)
        {
          if (group->min == 1)
            g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                         _("Choose one “%s”"), group->name);
          else
            g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                         g_dngettext (GETTEXT_PACKAGE, "Choose at least %u “%s”",
                                      "Choose at least %u “%s”", group->min),
                         group->min, group->name);
          return FALSE;
        }
      if (counts[g] > limit)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       g_dngettext (GETTEXT_PACKAGE, "Choose at most %u “%s”",
                                    "Choose at most %u “%s”", limit),
                       limit, group->name);
          return FALSE;
        }
    }

  *out_price = price;
  return TRUE;
}

GPtrArray *
kasir_modifier_choose_options (GPtrArray   *groups,
                               GArray      *chosen,
                               KasirMoney  *out_price,
                               GError     **error)
{
  GPtrArray *options;

  g_return_val_if_fail (groups != NULL, NULL);
  g_return_val_if_fail (chosen != NULL, NULL);

  if (!kasir_modifier_choose (groups, chosen, out_price, error))
    return NULL;

  /* In the order the groups and their options are offered, not the order tapped, so the
   * same choice always reads the same on the cart, the receipt and the ticket. */
  options = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_line_option_free);
  for (guint g = 0; g < groups->len; g++)
    {
      const KasirModifierGroup *group = groups->pdata[g];

      for (guint i = 0; i < group->options->len; i++)
        {
          const KasirModifierOption *option = group->options->pdata[i];

          for (guint c = 0; c < chosen->len; c++)
            if (g_array_index (chosen, gint64, c) == option->id)
              {
                KasirSaleLineOption *line_option = kasir_sale_line_option_new ();

                line_option->group_id = group->id;
                line_option->group_version = group->version;
                line_option->option_id = option->id;
                line_option->group_name = g_strdup (group->name);
                line_option->name = g_strdup (option->name);
                line_option->price = option->price;
                g_ptr_array_add (options, line_option);
                break;
              }
        }
    }
  return options;
}
