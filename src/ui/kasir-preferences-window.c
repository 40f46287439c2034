/* kasir-preferences-window.c — preferences pages built from GSettings keys.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-preferences-window.h"
#include "kasir-kitchen-stations.h"
#include "kasir-shift-settings-group.h"

struct _KasirPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  KasirTillContext *context;

  GSettings           *settings;
  gboolean             busy;

  AdwPreferencesPage  *shop_page;
  AdwEntryRow         *currency_row;
  GtkSwitch           *tax_switch;
  GtkSwitch           *stock_switch;
  AdwEntryRow         *header_row;
  AdwEntryRow         *footer_row;
  AdwComboRow         *paper_row;
  AdwComboRow         *kitchen_paper_row;
  AdwActionRow        *server_row;
  AdwEntryRow         *terminal_row;
  GtkSwitch           *standalone_switch;
  GtkSpinButton       *sync_spin;
  GtkSpinButton       *heartbeat_spin;
  GtkSpinButton       *warning_spin;
  GtkSpinButton       *lock_spin;
  GtkStack            *remove_stack;
  GtkSpinner          *remove_spinner;
};

G_DEFINE_FINAL_TYPE (KasirPreferencesWindow, kasir_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kasir_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, KASIR_PREFERENCES_WINDOW (object)->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      KASIR_PREFERENCES_WINDOW (object)->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

enum {
  CONNECT_REQUESTED,
  REMOVE_DATA_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *receipt_widths[] = { "58mm", "80mm", "a4", NULL };

static gboolean
width_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; receipt_widths[i] != NULL; i++)
    if (g_str_equal (nick, receipt_widths[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
width_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (receipt_widths) - 1)
    return NULL;

  return g_variant_new_string (receipt_widths[i]);
}

static void
update_server_row (KasirPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");

  if (g_settings_get_boolean (self->settings, "standalone") || *url == '\0')
    adw_action_row_set_subtitle (self->server_row, _("Not connected: this computer works on its own"));
  else
    adw_action_row_set_subtitle (self->server_row, url);
}

static void
on_connect_clicked (KasirPreferencesWindow *self)
{
  g_signal_emit (self, signals[CONNECT_REQUESTED], 0);
}

static void
on_remove_clicked (KasirPreferencesWindow *self)
{
  g_signal_emit (self, signals[REMOVE_DATA_REQUESTED], 0);
}

/* Every row shows one key and changes it as it is edited. */
static void
bind_settings (KasirPreferencesWindow *self)
{
  static const struct {
    const char *key;
    gsize       offset;
    const char *property;
  } bound[] = {
    { "currency", G_STRUCT_OFFSET (KasirPreferencesWindow, currency_row), "text" },
    { "prices-include-tax", G_STRUCT_OFFSET (KasirPreferencesWindow, tax_switch), "active" },
    { "show-stock-on-tiles", G_STRUCT_OFFSET (KasirPreferencesWindow, stock_switch), "active" },
    { "receipt-header", G_STRUCT_OFFSET (KasirPreferencesWindow, header_row), "text" },
    { "receipt-footer", G_STRUCT_OFFSET (KasirPreferencesWindow, footer_row), "text" },
    { "terminal-name", G_STRUCT_OFFSET (KasirPreferencesWindow, terminal_row), "text" },
    { "standalone", G_STRUCT_OFFSET (KasirPreferencesWindow, standalone_switch), "active" },
    { "sync-interval", G_STRUCT_OFFSET (KasirPreferencesWindow, sync_spin), "value" },
    { "heartbeat-interval", G_STRUCT_OFFSET (KasirPreferencesWindow, heartbeat_spin), "value" },
    { "offline-warning-hours", G_STRUCT_OFFSET (KasirPreferencesWindow, warning_spin), "value" },
    { "auto-lock-minutes", G_STRUCT_OFFSET (KasirPreferencesWindow, lock_spin), "value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bound); i++)
    g_settings_bind (self->settings, bound[i].key,
                     G_STRUCT_MEMBER (GObject *, self, bound[i].offset),
                     bound[i].property, G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "receipt-width", self->paper_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, width_get_mapping, width_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "kitchen-ticket-width", self->kitchen_paper_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, width_get_mapping, width_set_mapping,
                                NULL, NULL);
}

static void
kasir_preferences_window_dispose (GObject *object)
{
  KasirPreferencesWindow *self = KASIR_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&KASIR_PREFERENCES_WINDOW (object)->context);

  G_OBJECT_CLASS (kasir_preferences_window_parent_class)->dispose (object);
}

static void kasir_preferences_window_constructed (GObject *object);

static void
kasir_preferences_window_class_init (KasirPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = kasir_preferences_window_constructed;
  G_OBJECT_CLASS (klass)->dispose = kasir_preferences_window_dispose;
  G_OBJECT_CLASS (klass)->get_property = kasir_preferences_window_get_property;
  G_OBJECT_CLASS (klass)->set_property = kasir_preferences_window_set_property;

  /* The till's context: its database, sync service, staff and currency. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KASIR_TYPE_TILL_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, shop_page);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, tax_switch);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, stock_switch);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, header_row);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, footer_row);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, paper_row);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, kitchen_paper_row);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, terminal_row);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, standalone_switch);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, sync_spin);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, heartbeat_spin);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, warning_spin);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, lock_spin);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, remove_stack);
  gtk_widget_class_bind_template_child (widget_class, KasirPreferencesWindow, remove_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);

  signals[CONNECT_REQUESTED] =
    g_signal_new ("connect-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE_DATA_REQUESTED] =
    g_signal_new ("remove-data-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kasir_preferences_window_init (KasirPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The rows show the context's settings (known only once it is set). */
static void
kasir_preferences_window_constructed (GObject *object)
{
  KasirPreferencesWindow *self = KASIR_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (kasir_preferences_window_parent_class)->constructed (object);

  if (self->context != NULL && kasir_till_context_get_settings (self->context) != NULL)
    self->settings = g_object_ref (kasir_till_context_get_settings (self->context));
  else
    self->settings = g_settings_new (APP_ID);
  bind_settings (self);
  if (self->context != NULL && kasir_till_context_get_database (self->context) != NULL)
    adw_preferences_page_add (self->shop_page,
                              kasir_kitchen_stations_group_new (self->settings,
                                                                kasir_till_context_get_database (self->context)));
  g_signal_connect_swapped (self->settings, "changed::server-url",
                            G_CALLBACK (update_server_row), self);
  g_signal_connect_swapped (self->settings, "changed::standalone",
                            G_CALLBACK (update_server_row), self);
  update_server_row (self);
  /* The shop's shift rules: the till's own when it works on its own, the outlet's
   * (shown, set on the server) otherwise. */
  if (self->context != NULL && kasir_till_context_get_database (self->context) != NULL)
    adw_preferences_page_add (self->shop_page,
                              ADW_PREFERENCES_GROUP (kasir_shift_settings_group_new (
                                self->context, g_settings_get_boolean (self->settings, "standalone"))));
}

KasirPreferencesWindow *
kasir_preferences_window_new (GtkWindow        *parent,
                              KasirTillContext *context)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);

  return g_object_new (KASIR_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "context", context,
                       NULL);
}

/**
 * kasir_preferences_window_set_busy:
 * @self: a preferences window
 * @busy: whether the data is being removed
 *
 * While the data is being removed (the keyring is asked in the background), the
 * remove button gives way to a spinner and the window takes no more input.
 */
void
kasir_preferences_window_set_busy (KasirPreferencesWindow *self,
                                   gboolean                busy)
{
  g_return_if_fail (KASIR_IS_PREFERENCES_WINDOW (self));

  self->busy = !!busy;
  gtk_stack_set_visible_child_name (self->remove_stack, busy ? "busy" : "button");
  gtk_spinner_set_spinning (self->remove_spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !busy);
  gtk_window_set_deletable (GTK_WINDOW (self), !busy);
}

gboolean
kasir_preferences_window_get_busy (KasirPreferencesWindow *self)
{
  g_return_val_if_fail (KASIR_IS_PREFERENCES_WINDOW (self), FALSE);

  return self->busy;
}
