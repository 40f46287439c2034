/* kasir-connection-badge.c — state, pending count and a popover with the details.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-connection-badge.h"
#include "kasir-ui-format.h"

struct _KasirConnectionBadge
{
  AdwBin            parent_instance;

  KasirSyncService *service;
  gulong            notify_id;
  guint             tick_id;

  GtkMenuButton    *button;
  GtkImage         *icon;
  GtkLabel         *label;
  GtkLabel         *count_label;
  GtkPopover       *popover;
  GtkLabel         *title_label;
  GtkLabel         *last_sync_label;
  GtkLabel         *pending_label;
  GtkLabel         *rejected_label;
  GtkLabel         *offline_label;
  GtkLabel         *error_label;
  GtkButton        *sync_button;
};

G_DEFINE_FINAL_TYPE (KasirConnectionBadge, kasir_connection_badge, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
kasir_format_duration (GTimeSpan span)
{
  gint64 minutes = MAX (span, 0) / G_TIME_SPAN_MINUTE;
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (minutes < 1)
    return g_strdup (_("less than a minute"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " minute",
                                         "%" PRId64 " minutes", minutes), minutes);
  if (days < 2)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " hour",
                                         "%" PRId64 " hours", hours), hours);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " day",
                                       "%" PRId64 " days", days), days);
}

static const char *
status_css_classes[] = { "standalone", "offline", "unreachable", "online", "syncing", "attention" };

static void
update (KasirConnectionBadge *self)
{
  KasirSyncStatus status = KASIR_SYNC_STATUS_STANDALONE;
  const char *text = NULL;
  const char *title = NULL;
  const char *icon = NULL;
  gint64 pending = 0;
  gint64 rejected = 0;
  GDateTime *last_sync = NULL;
  GDateTime *offline_since = NULL;
  const char *last_error = NULL;
  g_autofree char *pending_text = NULL;
  g_autofree char *accessible = NULL;

  if (self->service != NULL)
    {
      status = kasir_sync_service_get_state (self->service);
      pending = kasir_sync_service_get_pending_count (self->service);
      rejected = kasir_sync_service_get_rejected_count (self->service);
      last_sync = kasir_sync_service_get_last_sync_time (self->service);
      offline_since = kasir_sync_service_get_offline_since (self->service);
      last_error = kasir_sync_service_get_last_error (self->service);
    }

  switch (status)
    {
    case KASIR_SYNC_STATUS_STANDALONE:
      text = C_("connection", "Standalone");
      title = _("This computer works on its own; nothing is sent to a server.");
      icon = "computer-symbolic";
      break;
    case KASIR_SYNC_STATUS_OFFLINE:
      text = C_("connection", "Offline");
      title = _("No network. Sales are kept here and sent when it returns.");
      icon = "network-offline-symbolic";
      break;
    case KASIR_SYNC_STATUS_UNREACHABLE:
      text = C_("connection", "Server unreachable");
      title = _("The network is up but the server does not answer. Sales are kept here.");
      icon = "network-error-symbolic";
      break;
    case KASIR_SYNC_STATUS_ONLINE:
      text = C_("connection", "Online");
      title = _("In touch with the server.");
      icon = "network-transmit-receive-symbolic";
      break;
    case KASIR_SYNC_STATUS_SYNCING:
      text = C_("connection", "Syncing");
      title = _("Sending and receiving changes…");
      icon = "emblem-synchronizing-symbolic";
      break;
    case KASIR_SYNC_STATUS_ATTENTION:
    default:
      text = C_("connection", "Needs attention");
      title = _("Syncing needs a person to look at it. See the details below.");
      icon = "dialog-warning-symbolic";
      break;
    }

  gtk_label_set_label (self->label, text);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_label (self->title_label, title);
  for (guint i = 0; i < G_N_ELEMENTS (status_css_classes); i++)
    if (i == (guint) status)
      gtk_widget_add_css_class (GTK_WIDGET (self->button), status_css_classes[i]);
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self->button), status_css_classes[i]);

  pending_text = g_strdup_printf ("%" G_GINT64_FORMAT, pending);
  gtk_label_set_label (self->count_label, pending_text);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), pending > 0);
  gtk_label_set_label (self->pending_label, pending_text);
  {
    g_autofree char *rejected_text = g_strdup_printf ("%" G_GINT64_FORMAT, rejected);
    gtk_label_set_label (self->rejected_label, rejected_text);
  }

  if (last_sync != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (last_sync);
      /* The one time format of the till (kasir-ui-format.c). */
      g_autofree char *when = kasir_ui_format_time (iso);
      gtk_label_set_label (self->last_sync_label, when);
    }
  else
    gtk_label_set_label (self->last_sync_label, _("Never"));

  if (offline_since != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *span = kasir_format_duration (g_date_time_difference (now, offline_since));
      gtk_label_set_label (self->offline_label, span);
    }
  else
    gtk_label_set_label (self->offline_label, "—");

  gtk_label_set_label (self->error_label, last_error != NULL ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          last_error != NULL && last_error[0] != '\0');

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "badge.sync-now",
                                 self->service != NULL &&
                                 status != KASIR_SYNC_STATUS_STANDALONE &&
                                 status != KASIR_SYNC_STATUS_OFFLINE);

  if (pending > 0)
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Connection: %s, %" PRId64 " change waiting",
                                               "Connection: %s, %" PRId64 " changes waiting",
                                               pending),
                                  text, pending);
  else
    accessible = g_strdup_printf (_("Connection: %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), accessible);
}

static void
on_service_notify (KasirConnectionBadge *self)
{
  update (self);
}

static gboolean
on_tick (gpointer user_data)
{
  /* "Offline for" grows while nothing else changes. */
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KasirConnectionBadge *self = KASIR_CONNECTION_BADGE (widget);

  if (self->service != NULL)
    kasir_sync_service_sync_now (self->service);
  gtk_popover_popdown (self->popover);
}

static void
kasir_connection_badge_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KasirConnectionBadge *self = KASIR_CONNECTION_BADGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_connection_badge_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KasirConnectionBadge *self = KASIR_CONNECTION_BADGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      kasir_connection_badge_set_service (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_connection_badge_dispose (GObject *object)
{
  KasirConnectionBadge *self = KASIR_CONNECTION_BADGE (object);

  kasir_connection_badge_set_service (self, NULL);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  /* AdwBin 1.2 unparents its child itself in dispose; disposing the template as well
   * would unparent the same button twice. */

  G_OBJECT_CLASS (kasir_connection_badge_parent_class)->dispose (object);
}

static void
kasir_connection_badge_class_init (KasirConnectionBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kasir_connection_badge_get_property;
  object_class->set_property = kasir_connection_badge_set_property;
  object_class->dispose = kasir_connection_badge_dispose;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, KASIR_TYPE_SYNC_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-connection-badge.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, button);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, icon);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, label);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, count_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, popover);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, title_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, pending_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, offline_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, error_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConnectionBadge, sync_button);

  gtk_widget_class_install_action (widget_class, "badge.sync-now", NULL, sync_now_action);
}

static void
kasir_connection_badge_init (KasirConnectionBadge *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tick_id = g_timeout_add_seconds (60, on_tick, self);
  update (self);
}

GtkWidget *
kasir_connection_badge_new (void)
{
  return g_object_new (KASIR_TYPE_CONNECTION_BADGE, NULL);
}

KasirSyncService *
kasir_connection_badge_get_service (KasirConnectionBadge *self)
{
  g_return_val_if_fail (KASIR_IS_CONNECTION_BADGE (self), NULL);

  return self->service;
}

void
kasir_connection_badge_set_service (KasirConnectionBadge *self,
                                    KasirSyncService     *service)
{
  g_return_if_fail (KASIR_IS_CONNECTION_BADGE (self));
  g_return_if_fail (service == NULL || KASIR_IS_SYNC_SERVICE (service));

  if (self->service == service)
    return;

  if (self->service != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->service);
      g_clear_object (&self->service);
    }
  if (service != NULL)
    {
      self->service = g_object_ref (service);
      /* Every property of the service feeds the badge, so one handler covers them. */
      self->notify_id = g_signal_connect_object (service, "notify",
                                                 G_CALLBACK (on_service_notify), self,
                                                 G_CONNECT_SWAPPED);
    }

  if (self->button != NULL)
    update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
}

const char *
kasir_connection_badge_get_text (KasirConnectionBadge *self)
{
  g_return_val_if_fail (KASIR_IS_CONNECTION_BADGE (self), NULL);

  return gtk_label_get_label (self->label);
}

const char *
kasir_connection_badge_get_icon_name (KasirConnectionBadge *self)
{
  g_return_val_if_fail (KASIR_IS_CONNECTION_BADGE (self), NULL);

  return gtk_image_get_icon_name (self->icon);
}

gint64
kasir_connection_badge_get_pending (KasirConnectionBadge *self)
{
  g_return_val_if_fail (KASIR_IS_CONNECTION_BADGE (self), 0);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->count_label)))
    return 0;

  return g_ascii_strtoll (gtk_label_get_label (self->count_label), NULL, 10);
}
