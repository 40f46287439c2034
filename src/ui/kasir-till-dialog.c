/* kasir-till-dialog.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-till-dialog.h"

typedef struct
{
  KasirTillContext *context;
} KasirTillDialogPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KasirTillDialog, kasir_till_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kasir_till_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KasirTillDialog *self = KASIR_TILL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, kasir_till_dialog_get_context (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_till_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KasirTillDialogPrivate *priv = kasir_till_dialog_get_instance_private (KASIR_TILL_DIALOG (object));

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_till_dialog_dispose (GObject *object)
{
  KasirTillDialogPrivate *priv = kasir_till_dialog_get_instance_private (KASIR_TILL_DIALOG (object));

  g_clear_object (&priv->context);

  G_OBJECT_CLASS (kasir_till_dialog_parent_class)->dispose (object);
}

static void
kasir_till_dialog_class_init (KasirTillDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kasir_till_dialog_get_property;
  object_class->set_property = kasir_till_dialog_set_property;
  object_class->dispose = kasir_till_dialog_dispose;

  /* The till's context: its database, sync service, staff and currency. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KASIR_TYPE_TILL_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kasir_till_dialog_init (KasirTillDialog *self)
{
}

KasirTillContext *
kasir_till_dialog_get_context (KasirTillDialog *self)
{
  KasirTillDialogPrivate *priv;

  g_return_val_if_fail (KASIR_IS_TILL_DIALOG (self), NULL);

  priv = kasir_till_dialog_get_instance_private (self);
  return priv->context;
}
