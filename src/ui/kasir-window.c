/* kasir-window.c — the main window of the Kasir desktop application.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"

struct _KasirWindow
{
  AdwApplicationWindow parent_instance;

  GSettings       *settings;
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
    case PROP_OFFLINE:
      kasir_window_set_offline (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_window_dispose (GObject *object)
{
  KasirWindow *self = KASIR_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_WINDOW);
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

  object_class->get_property = kasir_window_get_property;
  object_class->set_property = kasir_window_set_property;
  object_class->dispose = kasir_window_dispose;

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
kasir_window_new (KasirApplication *application)
{
  g_return_val_if_fail (KASIR_IS_APPLICATION (application), NULL);

  return g_object_new (KASIR_TYPE_WINDOW,
                       "application", application,
                       NULL);
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

/**
 * kasir_window_set_database:
 * @self: a window
 * @db: (nullable): the main thread's connection to the terminal database
 *
 * Shows the selling view on @db: its catalog and the cart saved there. Without a
 * database the window shows its placeholder page.
 */
void
kasir_window_set_database (KasirWindow   *self,
                           KasirDatabase *db)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KASIR_IS_WINDOW (self));
  g_return_if_fail (db == NULL || KASIR_IS_DATABASE (db));

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
  g_return_if_fail (service == NULL || KASIR_IS_SYNC_SERVICE (service));

  if (!g_set_object (&self->sync_service, service))
    return;

  kasir_selling_view_set_sync_service (self->selling_view, service);
}

KasirSellingView *
kasir_window_get_selling_view (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), NULL);

  return self->selling_view;
}
