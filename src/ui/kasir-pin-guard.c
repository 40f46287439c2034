/* kasir-pin-guard.c — PIN checks and lockout.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "kasir-pin.h"
#include "kasir-pin-guard.h"
#include "kasir-settings-repository.h"
#include "kasir-staff-repository.h"

/* Each staff member has their own count, kept under "pin-lock.<id>.<what>". */
#define KEY_FORMAT "pin-lock.%" G_GINT64_FORMAT ".%s"

struct _KasirPinGuard
{
  GObject                  parent_instance;

  KasirSettingsRepository *settings;
  KasirStaffRepository    *staff;
  char                    *role; /* whose PINs a wrong one counts against; NULL: anyone */
  gboolean                 by_kind; /* instead: those who may approve @kind */
  KasirApproveKind         kind;
  KasirClockFunc           clock;
  gpointer                 clock_data;
};

G_DEFINE_FINAL_TYPE (KasirPinGuard, kasir_pin_guard, G_TYPE_OBJECT)

G_DEFINE_QUARK (kasir-pin-guard-error-quark, kasir_pin_guard_error)

typedef struct
{
  char      *pin;
  GPtrArray *staff; /* KasirStaff* */
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  if (data->pin != NULL)
    sodium_memzero (data->pin, strlen (data->pin));
  g_free (data->pin);
  g_clear_pointer (&data->staff, g_ptr_array_unref);
  g_free (data);
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
kasir_pin_guard_dispose (GObject *object)
{
  KasirPinGuard *self = KASIR_PIN_GUARD (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->staff);

  G_OBJECT_CLASS (kasir_pin_guard_parent_class)->dispose (object);
}

static void
kasir_pin_guard_finalize (GObject *object)
{
  KasirPinGuard *self = KASIR_PIN_GUARD (object);

  g_free (self->role);

  G_OBJECT_CLASS (kasir_pin_guard_parent_class)->finalize (object);
}

static void
kasir_pin_guard_class_init (KasirPinGuardClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_pin_guard_dispose;
  G_OBJECT_CLASS (klass)->finalize = kasir_pin_guard_finalize;
}

static void
kasir_pin_guard_init (KasirPinGuard *self)
{
  self->clock = real_clock;
}

KasirPinGuard *
kasir_pin_guard_new (KasirDatabase *database)
{
  return kasir_pin_guard_new_for_role (database, NULL);
}

KasirPinGuard *
kasir_pin_guard_new_for_role (KasirDatabase *database,
                              const char    *role)
{
  KasirPinGuard *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_PIN_GUARD, NULL);
  self->settings = kasir_settings_repository_new (database);
  self->staff = kasir_staff_repository_new (database);
  self->role = g_strdup (role);

  return self;
}

KasirPinGuard *
kasir_pin_guard_new_for_approval (KasirDatabase    *database,
                                  KasirApproveKind  kind)
{
  KasirPinGuard *self = kasir_pin_guard_new_for_role (database, NULL);

  if (self != NULL)
    {
      self->by_kind = TRUE;
      self->kind = kind;
    }
  return self;
}

void
kasir_pin_guard_set_clock (KasirPinGuard  *self,
                           KasirClockFunc  clock,
                           gpointer        user_data)
{
  g_return_if_fail (KASIR_IS_PIN_GUARD (self));

  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = clock != NULL ? user_data : NULL;
}

static gint64
get_value (KasirPinGuard *self,
           gint64         staff_id,
           const char    *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf (KEY_FORMAT, staff_id, what);
  gint64 value = 0;

  if (!kasir_settings_repository_get_int64 (self->settings, key, 0, &value, &error))
    g_warning ("Could not read %s: %s", key, error->message);

  return value;
}

static void
set_value (KasirPinGuard *self,
           gint64         staff_id,
           const char    *what,
           gint64         value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf (KEY_FORMAT, staff_id, what);

  if (!kasir_settings_repository_set_int64 (self->settings, key, value, &error))
    g_warning ("Could not store %s: %s", key, error->message);
}

static gboolean
in_scope (KasirPinGuard    *self,
          const KasirStaff *staff)
{
  if (self->by_kind)
    return kasir_role_may_approve (staff->role, self->kind);
  return self->role == NULL || g_strcmp0 (staff->role, self->role) == 0;
}

/* The active staff whose PINs a wrong one counts against; NULL on a storage error. */
static GPtrArray *
list_scope (KasirPinGuard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  GPtrArray *scope;

  staff = kasir_staff_repository_list_active (self->staff, &error);
  if (staff == NULL)
    {
      g_warning ("Could not list the staff: %s", error->message);
      return NULL;
    }
  scope = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_staff_free);
  for (guint i = 0; i < staff->len; i++)
    if (in_scope (self, staff->pdata[i]))
      g_ptr_array_add (scope, kasir_staff_copy (staff->pdata[i]));

  return scope;
}

gint64
kasir_pin_guard_get_staff_seconds_left (KasirPinGuard *self,
                                        gint64         staff_id)
{
  gint64 until;
  gint64 now;

  g_return_val_if_fail (KASIR_IS_PIN_GUARD (self), 0);

  until = get_value (self, staff_id, "locked-until");
  now = self->clock (self->clock_data);

  return until > now ? until - now : 0;
}

guint
kasir_pin_guard_get_staff_failed_count (KasirPinGuard *self,
                                        gint64         staff_id)
{
  g_return_val_if_fail (KASIR_IS_PIN_GUARD (self), 0);

  return (guint) CLAMP (get_value (self, staff_id, "failed"), 0, G_MAXUINT);
}

gint64
kasir_pin_guard_get_seconds_left (KasirPinGuard *self)
{
  g_autoptr(GPtrArray) scope = NULL;
  gint64 least = G_MAXINT64;

  g_return_val_if_fail (KASIR_IS_PIN_GUARD (self), 0);

  scope = list_scope (self);
  if (scope == NULL || scope->len == 0)
    return 0;
  for (guint i = 0; i < scope->len; i++)
    {
      const KasirStaff *s = scope->pdata[i];

      least = MIN (least, kasir_pin_guard_get_staff_seconds_left (self, s->id));
    }

  return least;
}

guint
kasir_pin_guard_get_failed_count (KasirPinGuard *self)
{
  g_autoptr(GPtrArray) scope = NULL;
  guint most = 0;

  g_return_val_if_fail (KASIR_IS_PIN_GUARD (self), 0);

  scope = list_scope (self);
  for (guint i = 0; scope != NULL && i < scope->len; i++)
    {
      const KasirStaff *s = scope->pdata[i];

      if (kasir_pin_guard_get_staff_seconds_left (self, s->id) == 0)
        most = MAX (most, kasir_pin_guard_get_staff_failed_count (self, s->id));
    }

  return most;
}

static void
set_locked_out_error (GError **error,
                      gint64   seconds)
{
  g_set_error (error, KASIR_PIN_GUARD_ERROR, KASIR_PIN_GUARD_ERROR_LOCKED_OUT,
               g_dngettext (GETTEXT_PACKAGE,
                            "Too many wrong PINs. Try again in %" PRId64 " second.",
                            "Too many wrong PINs. Try again in %" PRId64 " seconds.",
                            seconds),
               seconds);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *data = task_data;

  /* Every hash is checked even after a match would be found early, so the time taken
   * does not tell who the PIN belongs to. */
  KasirStaff *match = NULL;

  for (guint i = 0; i < data->staff->len; i++)
    {
      KasirStaff *s = data->staff->pdata[i];

      if (kasir_pin_verify (s->pin_hash, data->pin) && match == NULL)
        match = s;
    }

  if (match != NULL)
    g_task_return_pointer (task, kasir_staff_copy (match), (GDestroyNotify) kasir_staff_free);
  else
    g_task_return_new_error (task, KASIR_PIN_GUARD_ERROR, KASIR_PIN_GUARD_ERROR_WRONG_PIN,
                             "%s", _("Wrong PIN"));
}

void
kasir_pin_guard_verify_async (KasirPinGuard       *self,
                              const char          *pin,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  VerifyData *data;
  gint64 seconds;

  g_return_if_fail (KASIR_IS_PIN_GUARD (self));
  g_return_if_fail (pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_pin_guard_verify_async);

  /* Everyone this PIN could be for is locked out: nothing is checked. */
  seconds = kasir_pin_guard_get_seconds_left (self);
  if (seconds > 0)
    {
      set_locked_out_error (&error, seconds);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  staff = kasir_staff_repository_list_active (self->staff, &error);
  if (staff == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (staff->len == 0)
    {
      g_task_return_new_error (task, KASIR_PIN_GUARD_ERROR, KASIR_PIN_GUARD_ERROR_NO_STAFF,
                               "%s", _("Nobody may use this till yet. Sync with the server or "
                                       "create a manager first."));
      return;
    }

  data = g_new0 (VerifyData, 1);
  data->pin = g_strdup (pin);
  data->staff = g_steal_pointer (&staff);
  g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

/* A wrong PIN might have been meant for anyone in the guard's scope, so it counts against
 * each of them who is not locked out already; a right PIN clears only its owner's count.
 * That way nobody's own PIN clears the count that guesses at someone else's built up.
 * Returns the seconds of lockout still ahead for the least locked of them, 0 when at
 * least one of them may still try, and sets @tries_left to the fewest tries any has. */
static gint64
count_wrong_pin (KasirPinGuard *self,
                 gint64        *tries_left)
{
  g_autoptr(GPtrArray) scope = list_scope (self);
  gint64 now = self->clock (self->clock_data);
  gint64 least_locked = G_MAXINT64;

  *tries_left = KASIR_PIN_GUARD_MAX_ATTEMPTS;
  for (guint i = 0; scope != NULL && i < scope->len; i++)
    {
      const KasirStaff *s = scope->pdata[i];
      gint64 left = kasir_pin_guard_get_staff_seconds_left (self, s->id);
      gint64 failed;
      gint64 lockouts;

      if (left == 0)
        {
          failed = get_value (self, s->id, "failed") + 1;
          if (failed < KASIR_PIN_GUARD_MAX_ATTEMPTS)
            {
              set_value (self, s->id, "failed", failed);
              *tries_left = MIN (*tries_left, KASIR_PIN_GUARD_MAX_ATTEMPTS - failed);
              least_locked = 0;
              continue;
            }
          /* Each lockout lasts twice as long as the one before, up to a day. */
          lockouts = get_value (self, s->id, "lockouts");
          left = KASIR_PIN_GUARD_FIRST_LOCKOUT << MIN (lockouts, 10);
          left = MIN (left, 24 * 3600);
          set_value (self, s->id, "locked-until", now + left);
          set_value (self, s->id, "lockouts", lockouts + 1);
          set_value (self, s->id, "failed", 0);
        }
      least_locked = MIN (least_locked, left);
    }

  return least_locked == G_MAXINT64 ? 0 : least_locked;
}

KasirStaff *
kasir_pin_guard_verify_finish (KasirPinGuard  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  KasirStaff *staff;
  gint64 seconds;
  gint64 tries_left;

  g_return_val_if_fail (KASIR_IS_PIN_GUARD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  staff = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (staff != NULL)
    {
      /* A lockout of this person (begun before or while this check ran) still holds.
       * The answer is the same as for a wrong PIN, so it does not tell a guesser that
       * the guess was right. */
      seconds = kasir_pin_guard_get_staff_seconds_left (self, staff->id);
      if (seconds > 0)
        {
          kasir_staff_free (staff);
          g_set_error (error, KASIR_PIN_GUARD_ERROR, KASIR_PIN_GUARD_ERROR_WRONG_PIN, "%s",
                       _("Wrong PIN, or its owner is locked out after too many wrong PINs."));
          return NULL;
        }
      if (in_scope (self, staff))
        {
          set_value (self, staff->id, "failed", 0);
          set_value (self, staff->id, "lockouts", 0);
        }
      return staff;
    }

  if (!g_error_matches (local_error, KASIR_PIN_GUARD_ERROR, KASIR_PIN_GUARD_ERROR_WRONG_PIN))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  seconds = count_wrong_pin (self, &tries_left);
  if (seconds > 0)
    {
      set_locked_out_error (error, seconds);
      return NULL;
    }
  g_set_error (error, KASIR_PIN_GUARD_ERROR, KASIR_PIN_GUARD_ERROR_WRONG_PIN,
               g_dngettext (GETTEXT_PACKAGE,
                            "Wrong PIN. %" PRId64 " try left before a lockout.",
                            "Wrong PIN. %" PRId64 " tries left before a lockout.",
                            tries_left),
               tries_left);

  return NULL;
}
