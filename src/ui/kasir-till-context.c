/* kasir-till-context.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-money.h"
#include "kasir-after-sale.h"
#include "kasir-till-context.h"

/* How long after the last sale the work that follows a sale runs (the report totals,
 * the rest of a long WAL): a cashier selling steadily is not slowed by it, and the
 * totals lag a report by little. */
#define AFTER_SALE_SECONDS 3

struct _KasirTillContext
{
  GObject               parent_instance;

  GSettings            *settings;
  KasirDatabase        *database;
  KasirSalesRepository *sales;
  KasirShiftRepository *shifts;
  KasirStaffRepository *staff_repository;
  KasirSyncService     *service;
  char                 *currency;
  KasirStaff           *staff;
  char                 *shift_id;
  guint                 work_count;
  guint                 after_sale_timeout_id;
  gint64                held_manager;  /* a manager approval of the tools, and its end */
  gint64                held_until;    /* (monotonic µs) */
};

G_DEFINE_FINAL_TYPE (KasirTillContext, kasir_till_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DATABASE,
  PROP_SYNC_SERVICE,
  PROP_CURRENCY,
  PROP_STAFF_ID,
  PROP_STAFF_NAME,
  PROP_SHIFT_ID,
  PROP_WORK_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_currency (KasirTillContext *self)
{
  g_autofree char *setting = NULL;
  const char *code;

  if (self->settings != NULL)
    setting = g_settings_get_string (self->settings, "currency");
  code = kasir_currency_code_or_default (setting);
  if (g_strcmp0 (code, self->currency) == 0)
    return;
  g_free (self->currency);
  self->currency = g_strdup (code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
}

static void
on_currency_changed (GSettings        *settings,
                     const char       *key,
                     KasirTillContext *self)
{
  update_currency (self);
}

/* The schema may be missing when the till's parts run outside the installed program. */
static GSettings *
default_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "currency"))
    return NULL;
  return g_settings_new (APP_ID);
}

static void
kasir_till_context_constructed (GObject *object)
{
  KasirTillContext *self = KASIR_TILL_CONTEXT (object);

  G_OBJECT_CLASS (kasir_till_context_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = default_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::currency",
                             G_CALLBACK (on_currency_changed), self, 0);
  update_currency (self);
}

static void
kasir_till_context_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KasirTillContext *self = KASIR_TILL_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_SYNC_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;
    case PROP_STAFF_ID:
      g_value_set_int64 (value, kasir_till_context_get_staff_id (self));
      break;
    case PROP_STAFF_NAME:
      g_value_set_string (value, self->staff != NULL ? self->staff->name : NULL);
      break;
    case PROP_SHIFT_ID:
      g_value_set_string (value, self->shift_id);
      break;
    case PROP_WORK_COUNT:
      g_value_set_uint (value, self->work_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_till_context_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KasirTillContext *self = KASIR_TILL_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_DATABASE:
      kasir_till_context_set_database (self, g_value_get_object (value));
      break;
    case PROP_SYNC_SERVICE:
      kasir_till_context_set_sync_service (self, g_value_get_object (value));
      break;
    case PROP_SHIFT_ID:
      kasir_till_context_set_shift_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_till_context_dispose (GObject *object)
{
  KasirTillContext *self = KASIR_TILL_CONTEXT (object);

  g_clear_handle_id (&self->after_sale_timeout_id, g_source_remove);
  g_clear_object (&self->sales);
  g_clear_object (&self->shifts);
  g_clear_object (&self->staff_repository);
  g_clear_object (&self->service);
  g_clear_object (&self->database);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kasir_till_context_parent_class)->dispose (object);
}

static void
kasir_till_context_finalize (GObject *object)
{
  KasirTillContext *self = KASIR_TILL_CONTEXT (object);

  g_clear_pointer (&self->staff, kasir_staff_free);
  g_free (self->shift_id);
  g_free (self->currency);

  G_OBJECT_CLASS (kasir_till_context_parent_class)->finalize (object);
}

static void
kasir_till_context_class_init (KasirTillContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = kasir_till_context_constructed;
  object_class->get_property = kasir_till_context_get_property;
  object_class->set_property = kasir_till_context_set_property;
  object_class->dispose = kasir_till_context_dispose;
  object_class->finalize = kasir_till_context_finalize;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, KASIR_TYPE_DATABASE, rw);
  properties[PROP_SYNC_SERVICE] =
    g_param_spec_object ("sync-service", NULL, NULL, KASIR_TYPE_SYNC_SERVICE, rw);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, KASIR_DEFAULT_CURRENCY, ro);
  properties[PROP_STAFF_ID] =
    g_param_spec_int64 ("staff-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_STAFF_NAME] =
    g_param_spec_string ("staff-name", NULL, NULL, NULL, ro);
  properties[PROP_SHIFT_ID] =
    g_param_spec_string ("shift-id", NULL, NULL, NULL, rw);
  properties[PROP_WORK_COUNT] =
    g_param_spec_uint ("work-count", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kasir_till_context_init (KasirTillContext *self)
{
}

KasirTillContext *
kasir_till_context_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (KASIR_TYPE_TILL_CONTEXT, "settings", settings, NULL);
}

GSettings *
kasir_till_context_get_settings (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), NULL);

  return self->settings;
}

KasirDatabase *
kasir_till_context_get_database (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), NULL);

  return self->database;
}

void
kasir_till_context_set_database (KasirTillContext *self,
                                 KasirDatabase    *database)
{
  g_return_if_fail (KASIR_IS_TILL_CONTEXT (self));
  g_return_if_fail (database == NULL || KASIR_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  /* The repositories belong to one database: a new one makes new repositories. */
  g_clear_object (&self->sales);
  g_clear_object (&self->shifts);
  g_clear_object (&self->staff_repository);
  if (database != NULL)
    {
      self->sales = kasir_sales_repository_new (database);
      self->shifts = kasir_shift_repository_new (database);
      self->staff_repository = kasir_staff_repository_new (database);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

KasirSalesRepository *
kasir_till_context_get_sales_repository (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), NULL);

  return self->sales;
}

KasirShiftRepository *
kasir_till_context_get_shift_repository (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), NULL);

  return self->shifts;
}

KasirStaffRepository *
kasir_till_context_get_staff_repository (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), NULL);

  return self->staff_repository;
}

KasirSyncService *
kasir_till_context_get_sync_service (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), NULL);

  return self->service;
}

void
kasir_till_context_set_sync_service (KasirTillContext *self,
                                     KasirSyncService *service)
{
  g_return_if_fail (KASIR_IS_TILL_CONTEXT (self));
  g_return_if_fail (service == NULL || KASIR_IS_SYNC_SERVICE (service));

  if (g_set_object (&self->service, service))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_SERVICE]);
}

const char *
kasir_till_context_get_currency (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), KASIR_DEFAULT_CURRENCY);

  return self->currency;
}

const KasirStaff *
kasir_till_context_get_staff (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), NULL);

  return self->staff;
}

void
kasir_till_context_set_staff (KasirTillContext *self,
                              const KasirStaff *staff)
{
  gboolean same_id, same_name;

  g_return_if_fail (KASIR_IS_TILL_CONTEXT (self));

  same_id = kasir_till_context_get_staff_id (self) == (staff != NULL ? staff->id : 0);
  same_name = g_strcmp0 (self->staff != NULL ? self->staff->name : NULL,
                         staff != NULL ? staff->name : NULL) == 0;
  g_clear_pointer (&self->staff, kasir_staff_free);
  if (staff != NULL)
    self->staff = kasir_staff_copy (staff);
  if (!same_id)
    {
      /* An approval was given for what the person signed in then was doing. */
      self->held_manager = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_ID]);
    }
  if (!same_name)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_NAME]);
}

gint64
kasir_till_context_get_staff_id (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), 0);

  return self->staff != NULL ? self->staff->id : 0;
}

const char *
kasir_till_context_get_shift_id (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), NULL);

  return self->shift_id;
}

void
kasir_till_context_set_shift_id (KasirTillContext *self,
                                 const char       *shift_id)
{
  g_return_if_fail (KASIR_IS_TILL_CONTEXT (self));

  if (g_strcmp0 (self->shift_id, shift_id) == 0)
    return;
  g_free (self->shift_id);
  self->shift_id = g_strdup (shift_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIFT_ID]);
}

void
kasir_till_context_hold_work (KasirTillContext *self)
{
  g_return_if_fail (KASIR_IS_TILL_CONTEXT (self));

  self->work_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORK_COUNT]);
}

void
kasir_till_context_release_work (KasirTillContext *self)
{
  g_return_if_fail (KASIR_IS_TILL_CONTEXT (self));
  g_return_if_fail (self->work_count > 0);

  self->work_count--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORK_COUNT]);
}

guint
kasir_till_context_get_work_count (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), 0);

  return self->work_count;
}

static void
on_after_sale_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KasirTillContext) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Nothing is lost: a report, or retention, catches up before it reads or deletes. */
  if (!kasir_after_sale_finish (KASIR_DATABASE (source), result, NULL, &error))
    g_warning ("The work after a sale failed: %s", error->message);
  kasir_till_context_release_work (self);
}

static gboolean
on_after_sale_timeout (gpointer user_data)
{
  KasirTillContext *self = user_data;

  self->after_sale_timeout_id = 0;
  if (self->database != NULL)
    {
      kasir_till_context_hold_work (self);
      kasir_after_sale_async (self->database, NULL, on_after_sale_done, g_object_ref (self));
    }
  return G_SOURCE_REMOVE;
}

void
kasir_till_context_sale_committed (KasirTillContext *self)
{
  g_return_if_fail (KASIR_IS_TILL_CONTEXT (self));

  g_clear_handle_id (&self->after_sale_timeout_id, g_source_remove);
  self->after_sale_timeout_id = g_timeout_add_seconds (AFTER_SALE_SECONDS,
                                                    on_after_sale_timeout, self);
}

static gboolean
on_shutdown_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kasir_till_context_shutdown (KasirTillContext *self,
                             guint             timeout_ms)
{
  KasirSyncService *service = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), FALSE);

  /* Totals not yet caught up are caught up by the next report, or the next run. */
  g_clear_handle_id (&self->after_sale_timeout_id, g_source_remove);

  /* The service's tasks each hold a reference to it until their callback has run on
   * this thread; once they have all finished, the last reference goes and the weak
   * pointer turns NULL. */
  if (self->service != NULL)
    {
      kasir_sync_service_shutdown (self->service);
      g_set_weak_pointer (&service, self->service);
      kasir_till_context_set_sync_service (self, NULL);
    }

  timeout_id = g_timeout_add (timeout_ms, on_shutdown_timeout, &timed_out);
  while ((service != NULL || self->work_count > 0) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_clear_weak_pointer (&service);

  if (self->work_count == 0)
    kasir_till_context_set_database (self, NULL);
  return !timed_out;
}

void
kasir_till_context_hold_approval (KasirTillContext *self,
                                  gint64            manager_id,
                                  guint             seconds)
{
  g_return_if_fail (KASIR_IS_TILL_CONTEXT (self));

  self->held_manager = seconds > 0 ? manager_id : 0;
  self->held_until = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
}

gint64
kasir_till_context_get_held_approval (KasirTillContext *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (self), 0);

  if (self->held_manager != 0 && g_get_monotonic_time () >= self->held_until)
    self->held_manager = 0;
  return self->held_manager;
}
