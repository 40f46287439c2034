/* kasir-window.c — the main window of the Kasir desktop application.
 *
 * The window declares everything it shows in kasir-window.ui: the connection badge, the
 * menus, the manager's conflict count, the banners (offline, certificate changed, till
 * revoked) and the toast overlay. Others change what it shows through its properties;
 * its actions live in kasir-window-actions.c.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-low-stock-badge.h"
#include "kasir-selling-view.h"
#include "kasir-shortcuts.h"
#include "kasir-till-context.h"
#include "kasir-window-private.h"

G_DEFINE_FINAL_TYPE (KasirWindow, kasir_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_OFFLINE,
  PROP_OFFLINE_TEXT,
  PROP_OFFLINE_WARNING,
  PROP_OPEN_CONFLICT_COUNT,
  PROP_PENDING_COUNT,
  PROP_CERTIFICATE_CHANGED,
  PROP_REVOKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOCK_REQUESTED,
  PREFERENCES_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
    case PROP_OFFLINE_TEXT:
      g_value_set_string (value, self->offline_text);
      break;
    case PROP_OFFLINE_WARNING:
      g_value_set_boolean (value, self->offline_warning);
      break;
    case PROP_OPEN_CONFLICT_COUNT:
      g_value_set_int64 (value, self->open_conflict_count);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_int64 (value, self->pending_count);
      break;
    case PROP_CERTIFICATE_CHANGED:
      g_value_set_boolean (value, self->certificate_changed);
      break;
    case PROP_REVOKED:
      g_value_set_boolean (value, self->revoked);
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
    case PROP_OFFLINE_TEXT:
      kasir_window_set_offline_text (self, g_value_get_string (value));
      break;
    case PROP_OFFLINE_WARNING:
      kasir_window_set_offline_warning (self, g_value_get_boolean (value));
      break;
    case PROP_OPEN_CONFLICT_COUNT:
      kasir_window_set_open_conflict_count (self, g_value_get_int64 (value));
      break;
    case PROP_PENDING_COUNT:
      if (self->pending_count != g_value_get_int64 (value))
        {
          self->pending_count = g_value_get_int64 (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CERTIFICATE_CHANGED:
      kasir_window_set_certificate_changed (self, g_value_get_boolean (value));
      break;
    case PROP_REVOKED:
      if (self->revoked != g_value_get_boolean (value))
        {
          self->revoked = g_value_get_boolean (value);
          gtk_revealer_set_reveal_child (self->revoked_banner, self->revoked);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The connection badge belongs to the selling view: over the start-up page or a
 * problem, a "Standalone" in the header would claim a till that is not there. So do the
 * till's menu, the lock and the Manager menu: without a database none of their actions
 * has anything to work on. The main menu (preferences, help) stays. */
static void
show_page (KasirWindow *self,
           GtkWidget   *page)
{
  gboolean selling = page == GTK_WIDGET (self->selling_view);

  gtk_stack_set_visible_child (self->main_stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_badge), selling);
  gtk_widget_set_visible (self->till_menu_button, selling);
  gtk_widget_set_visible (self->lock_button, selling);
  gtk_widget_set_visible (self->manager_menu_button, selling);
}

void
kasir_window_show_startup_problem (KasirWindow         *self,
                                   KasirStartupProblem  problem,
                                   const char          *detail)
{
  g_return_if_fail (KASIR_IS_WINDOW (self));
  g_return_if_fail (problem != KASIR_STARTUP_OK);

  kasir_startup_page_set_problem (self->startup_page, problem, NULL, detail);
  show_page (self, GTK_WIDGET (self->startup_page));
}

KasirStartupProblem
kasir_window_get_startup_problem (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), KASIR_STARTUP_OK);

  if (gtk_stack_get_visible_child (self->main_stack) != GTK_WIDGET (self->startup_page))
    return KASIR_STARTUP_OK;
  return kasir_startup_page_get_problem (self->startup_page);
}

KasirStartupPage *
kasir_window_get_startup_page (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), NULL);

  return self->startup_page;
}

/* Shows the selling view on the context's database: its catalog and the cart saved
 * there. Without a database the window shows its placeholder page. */
static void
show_database (KasirWindow *self)
{
  KasirDatabase *db = kasir_till_context_get_database (self->context);
  g_autoptr(GError) error = NULL;

  _kasir_window_update_actions (self);
  if (!g_set_object (&self->database, db))
    return;

  if (db == NULL)
    {
      /* A problem already shown stays: there is still no database behind it. */
      if (gtk_stack_get_visible_child (self->main_stack) != GTK_WIDGET (self->startup_page))
        show_page (self, GTK_WIDGET (self->status_page));
      return;
    }

  /* A saved cart that cannot be read is reported, and selling goes on with an empty
   * cart; the unreadable copy stays in the database for a look later. */
  if (!kasir_selling_view_set_database (self->selling_view, db, &error))
    kasir_window_add_toast (self, adw_toast_new (error->message));
  show_page (self, GTK_WIDGET (self->selling_view));
  kasir_selling_view_focus_search (self->selling_view);
}

static void
unbind_service (KasirWindow *self)
{
  if (self->sync_service != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_service, self);
  for (guint i = 0; i < self->service_bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->service_bindings, i));
  g_ptr_array_set_size (self->service_bindings, 0);
}

/* A pull may have brought stock levels and thresholds: the manager menu's low-stock
 * badge is counted again when a sync completes (never polled). */
static void
on_synced (KasirWindow *self)
{
  KasirDatabase *db = kasir_till_context_get_database (self->context);

  if (db != NULL)
    kasir_low_stock_badge_update_async (GTK_MENU_BUTTON (self->manager_menu_button), db, NULL, NULL, NULL);
}

/* The window follows the service's counts and alarms through bindings: whoever sets
 * the context's service needs to do nothing else. */
static void
show_sync_service (KasirWindow *self)
{
  static const char *followed[] = {
    "open-conflict-count", "pending-count", "certificate-changed", "revoked",
  };
  KasirSyncService *service = kasir_till_context_get_sync_service (self->context);

  _kasir_window_update_actions (self);
  if (service == self->sync_service)
    return;

  unbind_service (self);
  g_set_object (&self->sync_service, service);
  kasir_selling_view_set_sync_service (self->selling_view, service);
  kasir_connection_badge_set_service (self->connection_badge, service);
  if (service == NULL)
    {
      kasir_window_set_open_conflict_count (self, 0);
      kasir_window_set_certificate_changed (self, FALSE);
      g_object_set (self, "pending-count", (gint64) 0, "revoked", FALSE, NULL);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
    g_ptr_array_add (self->service_bindings,
                     g_object_bind_property (service, followed[i], self, followed[i],
                                             G_BINDING_SYNC_CREATE));
  g_signal_connect (service, "conflicts-arrived",
                    G_CALLBACK (_kasir_window_conflicts_arrived), self);
  g_signal_connect_swapped (service, "notify::last-sync-time", G_CALLBACK (on_synced), self);
}

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
  g_signal_connect_object (self->context, "notify::staff-id",
                           G_CALLBACK (_kasir_window_update_actions), self, G_CONNECT_SWAPPED);
  /* The header starts as the page shown says, before any database is known. */
  show_page (self, gtk_stack_get_visible_child (self->main_stack));
  show_database (self);
  show_sync_service (self);
}

static void
kasir_window_dispose (GObject *object)
{
  KasirWindow *self = KASIR_WINDOW (object);

  unbind_service (self);
  g_clear_weak_pointer (&self->conflicts);
  g_clear_weak_pointer (&self->dashboard);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->database);
  g_clear_object (&self->sync_service);

  G_OBJECT_CLASS (kasir_window_parent_class)->dispose (object);
}

static void
kasir_window_finalize (GObject *object)
{
  KasirWindow *self = KASIR_WINDOW (object);

  g_clear_pointer (&self->service_bindings, g_ptr_array_unref);
  g_free (self->offline_text);

  G_OBJECT_CLASS (kasir_window_parent_class)->finalize (object);
}

static void
kasir_window_class_init (KasirWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = kasir_window_constructed;
  object_class->get_property = kasir_window_get_property;
  object_class->set_property = kasir_window_set_property;
  object_class->dispose = kasir_window_dispose;
  object_class->finalize = kasir_window_finalize;

  /* What the till works with: the database, the sync service, who is signed in. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KASIR_TYPE_TILL_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether the terminal cannot reach the server; shows the offline banner. */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE, rw);
  /* What the offline banner says. */
  properties[PROP_OFFLINE_TEXT] =
    g_param_spec_string ("offline-text", NULL, NULL, NULL, rw);
  /* Whether the offline banner is a warning (cut off for too long). */
  properties[PROP_OFFLINE_WARNING] =
    g_param_spec_boolean ("offline-warning", NULL, NULL, FALSE, rw);
  /* Conflicts waiting for a manager; the header bar counts them when there are any. */
  properties[PROP_OPEN_CONFLICT_COUNT] =
    g_param_spec_int64 ("open-conflict-count", NULL, NULL, 0, G_MAXINT64, 0, rw);
  /* Changes not yet on the server. */
  properties[PROP_PENDING_COUNT] =
    g_param_spec_int64 ("pending-count", NULL, NULL, 0, G_MAXINT64, 0, rw);
  /* The server shows another certificate than the pinned one: a banner offers to trust
   * it, and manager.trust-certificate is enabled. */
  properties[PROP_CERTIFICATE_CHANGED] =
    g_param_spec_boolean ("certificate-changed", NULL, NULL, FALSE, rw);
  /* The server no longer accepts this till: a banner says so. */
  properties[PROP_REVOKED] =
    g_param_spec_boolean ("revoked", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* till.lock: whoever keeps the lock screen locks the till. */
  signals[LOCK_REQUESTED] =
    g_signal_new ("lock-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* till.preferences: whoever runs set-up shows the preferences. */
  signals[PREFERENCES_REQUESTED] =
    g_signal_new ("preferences-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (KASIR_TYPE_SELLING_VIEW);
  g_type_ensure (KASIR_TYPE_CONNECTION_BADGE);
  g_type_ensure (KASIR_TYPE_STARTUP_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, connection_badge);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, till_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, lock_button);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, manager_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, offline_banner);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, offline_box);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, certificate_banner);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, revoked_banner);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, startup_page);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KasirWindow, selling_view);

  _kasir_window_class_add_actions (widget_class);
}

static void
kasir_window_init (KasirWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->service_bindings = g_ptr_array_new ();
  /* The till's and the manager's keys, from the one table of the shortcuts window. */
  gtk_widget_add_controller (GTK_WIDGET (self), kasir_shortcuts_controller_new (KASIR_SHORTCUT_WINDOW));
  kasir_window_set_offline_text (self, NULL);
  kasir_window_set_open_conflict_count (self, 0);

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
 * @context: (nullable): what the window works with; NULL makes one of its own
 *
 * Returns: (transfer none): a new main window, owned by @application.
 */
KasirWindow *
kasir_window_new (KasirApplication *application,
                  KasirTillContext *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
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

const char *
kasir_window_get_offline_text (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), NULL);

  return self->offline_text;
}

/* @text: (nullable): NULL says the plain offline notice. */
void
kasir_window_set_offline_text (KasirWindow *self,
                               const char  *text)
{
  g_return_if_fail (KASIR_IS_WINDOW (self));

  if (text == NULL)
    text = _("Offline. Sales are saved on this computer and sent to the server when the "
             "connection returns.");
  if (g_strcmp0 (text, self->offline_text) == 0)
    return;
  g_free (self->offline_text);
  self->offline_text = g_strdup (text);
  gtk_label_set_label (self->offline_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_TEXT]);
}

void
kasir_window_set_offline_warning (KasirWindow *self,
                                  gboolean     warning)
{
  g_return_if_fail (KASIR_IS_WINDOW (self));

  warning = !!warning;
  if (warning == self->offline_warning)
    return;
  self->offline_warning = warning;
  if (warning)
    gtk_widget_add_css_class (self->offline_box, "offline-warning");
  else
    gtk_widget_remove_css_class (self->offline_box, "offline-warning");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_WARNING]);
}

gint64
kasir_window_get_open_conflict_count (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), 0);

  return self->open_conflict_count;
}

void
kasir_window_set_open_conflict_count (KasirWindow *self,
                                      gint64       count)
{
  g_autofree char *number = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (KASIR_IS_WINDOW (self));

  number = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%" PRId64 " open conflict",
                                        "%" PRId64 " open conflicts",
                                        count), count);
  gtk_label_set_text (self->conflicts_label, number);
  gtk_widget_set_visible (self->conflicts_button, count > 0);
  gtk_widget_set_tooltip_text (self->conflicts_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->conflicts_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (count == self->open_conflict_count)
    return;
  self->open_conflict_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN_CONFLICT_COUNT]);
}

gboolean
kasir_window_get_certificate_changed (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), FALSE);

  return self->certificate_changed;
}

void
kasir_window_set_certificate_changed (KasirWindow *self,
                                      gboolean     changed)
{
  g_return_if_fail (KASIR_IS_WINDOW (self));

  changed = !!changed;
  if (changed == self->certificate_changed)
    return;
  self->certificate_changed = changed;
  gtk_revealer_set_reveal_child (self->certificate_banner, changed);
  _kasir_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_CHANGED]);
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

KasirConnectionBadge *
kasir_window_get_connection_badge (KasirWindow *self)
{
  g_return_val_if_fail (KASIR_IS_WINDOW (self), NULL);

  return self->connection_badge;
}
