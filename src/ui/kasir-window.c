/* kasir-window.c — the main window of the Kasir desktop application.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-till-context.h"

struct _KasirWindow
{
  AdwApplicationWindow parent_instance;

  GSettings       *settings;
  KasirTillContext *context;
  KasirDatabase   *database;
  KasirSyncService *sync_service;

  AdwToastOverlay *toast_overlay;
  GtkWidget       *status_area;
  GtkWidget       *connection_area;
  GtkWidget       *header_end_area;
  GtkMenuButton   *primary_menu_button;
  GtkRevealer     *offline_banner;
  AdwStatusPage   *status_page;
  GtkStack        *main_stack;
  KasirSellingView *selling_view;
};

G_DEFINE_FINAL_TYPE (KasirWindow, kasir_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kasir_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KasirWindow *self = KASIR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, kasir_window_get_offline (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KasirWindow *self = KASIR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_OFFLINE:
      kasir_window_set_offline (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void show_database (KasirWindow *self);
static void show_sync_service (KasirWindow *self);

static void
kasir_window_constructed (GObject *object)
{
  KasirWindow *self = KASIR_WINDOW (object);

  G_OBJECT_CLASS (kasir_window_parent_class)->constructed (object);

  /* A window made without a context (a test, a tool) works on one of its own. */
  if (self->context == NULL)
    self->context = kasir_till_context_new (NULL);
  kasir_selling_view_set_context (self->selling_view, self->context);
  g_signal_connect_object (self->context, "notify::database",
                           G_CALLBACK (show_database), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::sync-service",
                           G_CALLBACK (show_sync_service), self, G_CONNECT_SWAPPED);
  show_database (self);
  show_sync_service (self);
}

static void
kasir_window_dispose (GObject *object)
{
  KasirWindow *self = KASIR_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->database);
  g_clear_object (&self->sync_service);

  G_OBJECT_CLASS (kasir_window_parent_class)->dispose (object);
}

static void
kasir_window_class_init (KasirWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kasir_window_constructed;
  object_class->get_property = kasir_window_get_property;
  object_class->set_property = kasir_window_set_property;
  object_class->dispose = kasir_window_dispose;

  /**
   * KasirWindow:context:
   *
   * What the till works with: the database, the sync service, who is signed in.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         KASIR_TYPE_TILL_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KasirWindow:offline:
   *
   * Whether the terminal cannot reach the server; shows the offline banner.
   */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KASIR_TYPE_SELLING_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, status_area);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, connection_area);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, header_end_area);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, offline_banner);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, selling_view);
}

static void
kasir_window_init (KasirWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The window keeps its size between runs; binding the keys lets GSettings write
   * them as the window changes rather than on a close path that a crash skips. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

/**
 * kasir_window_new:
 * @application: the application the window belongs to
 *
 * Returns: (transfer none): a new main window, owned by @application.
 */
KasirWindow *
kasir_window_new (KasirApplication *application,
                  KasirTillContext *context)
{
  g_return_val_if_fail (KASIR_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (context == NULL || KASIR_IS_TILL_CONTEXT (context), NULL);

  return g_object_new (KASIR_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

KasirTillContext *
kasir_window_get_context (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), NULL);

  return self->context;
}

gboolean
kasir_window_get_offline (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->offline_banner);
}

void
kasir_window_set_offline (KasirWindow *self,
                          gboolean     offline)
{
  g_return_if_fail (KASIR_IS_WINDOW (self));

  offline = !!offline;
  if (offline == kasir_window_get_offline (self))
    return;

  gtk_revealer_set_reveal_child (self->offline_banner, offline);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

/**
 * kasir_window_add_toast:
 * @self: a window
 * @toast: (transfer full): the toast to show
 *
 * Shows a short message over the window's content.
 */
void
kasir_window_add_toast (KasirWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (KASIR_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Shows the selling view on the context's database: its catalog and the cart saved
 * there. Without a database the window shows its placeholder page. */
static void
show_database (KasirWindow *self)
{
  KasirDatabase *db = kasir_till_context_get_database (self->context);
  g_autoptr(GError) error = NULL;

  if (!g_set_object (&self->database, db))
    return;

  if (db == NULL)
    {
      gtk_stack_set_visible_child (self->main_stack, GTK_WIDGET (self->status_page));
      return;
    }

  /* A saved cart that cannot be read is reported, and selling goes on with an empty
   * cart; the unreadable copy stays in the database for a look later. */
  if (!kasir_selling_view_set_database (self->selling_view, db, &error))
    kasir_window_add_toast (self, adw_toast_new (error->message));
  gtk_stack_set_visible_child (self->main_stack, GTK_WIDGET (self->selling_view));
  kasir_selling_view_focus_search (self->selling_view);
}

static void
show_sync_service (KasirWindow *self)
{
  KasirSyncService *service = kasir_till_context_get_sync_service (self->context);

  if (g_set_object (&self->sync_service, service))
    kasir_selling_view_set_sync_service (self->selling_view, service);
}

/**
 * kasir_window_set_database:
 * @self: a window
 * @db: (nullable): the main thread's connection to the terminal database
 *
 * Sets the database of the window's context; the window follows it.
 */
void
kasir_window_set_database (KasirWindow   *self,
                           KasirDatabase *db)
{
  g_return_if_fail (KASIR_IS_WINDOW (self));

  kasir_till_context_set_database (self->context, db);
}

KasirDatabase *
kasir_window_get_database (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), NULL);

  return self->database;
}

void
kasir_window_set_sync_service (KasirWindow      *self,
                               KasirSyncService *service)
{
  g_return_if_fail (KASIR_IS_WINDOW (self));

  kasir_till_context_set_sync_service (self->context, service);
}

KasirSellingView *
kasir_window_get_selling_view (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), NULL);

  return self->selling_view;
}
