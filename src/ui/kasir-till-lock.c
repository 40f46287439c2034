/* kasir-till-lock.c — lock screen swapping and the idle timer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-lock-screen.h"
#include "kasir-till-lock.h"

struct _KasirTillLock
{
  GObject               parent_instance;

  AdwApplicationWindow *window;   /* weak */
  GtkWidget            *screen;
  GtkWidget            *page;     /* a header bar over the screen */
  GtkStack             *stack;    /* the window's content and the lock page */
  GtkWidget            *restore_focus;
  GPtrArray            *hidden;   /* GtkWindow*, dialogs hidden while locked */
  GHashTable           *kept;     /* GtkWindow* (not owned), dialogs never hidden */
  gboolean              locked;
  KasirStaff           *staff;
  guint                 idle_seconds;
  guint                 idle_id;
  gint64                last_input;
  GtkEventController   *controllers[3];
};

G_DEFINE_FINAL_TYPE (KasirTillLock, kasir_till_lock, G_TYPE_OBJECT)

enum {
  LOCKED,
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
note_input (KasirTillLock *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
on_idle_check (gpointer user_data)
{
  KasirTillLock *self = user_data;

  if (self->idle_seconds == 0 || self->locked)
    return G_SOURCE_CONTINUE;
  if (g_get_monotonic_time () - self->last_input >= (gint64) self->idle_seconds * G_USEC_PER_SEC)
    kasir_till_lock_lock (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_key (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        KasirTillLock         *self)
{
  note_input (self);

  if (!self->locked)
    return FALSE;

  /* While locked, the pad takes digits wherever the focus happens to be, and no other
   * key reaches the window: the selling view's and the manager's shortcuts stay quiet.
   * Only quitting the application is left to its own accelerator. */
  if (kasir_lock_screen_handle_key (KASIR_LOCK_SCREEN (self->screen), keyval, state))
    return TRUE;
  if ((state & GDK_CONTROL_MASK) && (keyval == GDK_KEY_q || keyval == GDK_KEY_Q))
    return FALSE;

  return TRUE;
}

static void
on_pointer (KasirTillLock *self)
{
  note_input (self);
}

static void
hide_dialogs (KasirTillLock *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* A dialog left open (a checkout, the shift dialog) must not stay usable while the
   * till is locked; it is hidden, not closed, so nothing typed into it is lost. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (self->window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)) &&
          !g_hash_table_contains (self->kept, window))
        g_ptr_array_add (self->hidden, g_object_ref (window));
    }
  for (guint i = 0; i < self->hidden->len; i++)
    gtk_widget_set_visible (self->hidden->pdata[i], FALSE);
}

static void
show_hidden_windows (KasirTillLock *self)
{
  for (guint i = 0; i < self->hidden->len; i++)
    gtk_window_present (self->hidden->pdata[i]);
  g_ptr_array_set_size (self->hidden, 0);
}

static void
on_unlocked (KasirLockScreen  *screen,
             const KasirStaff *staff,
             KasirTillLock    *self)
{
  g_clear_pointer (&self->staff, kasir_staff_free);
  self->staff = kasir_staff_copy (staff);

  if (self->locked)
    {
      self->locked = FALSE;
      gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->stack, "content"), TRUE);
      gtk_stack_set_visible_child_name (self->stack, "content");
      if (self->restore_focus != NULL)
        gtk_widget_grab_focus (self->restore_focus);
      g_clear_weak_pointer (&self->restore_focus);
      show_hidden_windows (self);
    }
  note_input (self);
  g_signal_emit (self, signals[UNLOCKED], 0, self->staff);
}

static void
on_window_destroyed (gpointer  user_data,
                     GObject  *where_the_object_was)
{
  KasirTillLock *self = user_data;

  self->window = NULL;
  g_clear_handle_id (&self->idle_id, g_source_remove);
}

static void
kasir_till_lock_dispose (GObject *object)
{
  KasirTillLock *self = KASIR_TILL_LOCK (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->window != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->controllers); i++)
        if (self->controllers[i] != NULL)
          gtk_widget_remove_controller (GTK_WIDGET (self->window), self->controllers[i]);
      g_object_weak_unref (G_OBJECT (self->window), on_window_destroyed, self);
      self->window = NULL;
    }
  memset (self->controllers, 0, sizeof self->controllers);
  g_clear_weak_pointer (&self->restore_focus);
  if (self->hidden != NULL)
    g_ptr_array_set_size (self->hidden, 0);
  if (self->kept != NULL)
    {
      GHashTableIter iter;
      gpointer window;

      g_hash_table_iter_init (&iter, self->kept);
      while (g_hash_table_iter_next (&iter, &window, NULL))
        g_signal_handlers_disconnect_by_data (window, self);
      g_hash_table_remove_all (self->kept);
    }
  g_clear_object (&self->screen);
  g_clear_object (&self->page);

  G_OBJECT_CLASS (kasir_till_lock_parent_class)->dispose (object);
}

static void
kasir_till_lock_finalize (GObject *object)
{
  KasirTillLock *self = KASIR_TILL_LOCK (object);

  g_clear_pointer (&self->staff, kasir_staff_free);
  g_clear_pointer (&self->hidden, g_ptr_array_unref);
  g_clear_pointer (&self->kept, g_hash_table_unref);

  G_OBJECT_CLASS (kasir_till_lock_parent_class)->finalize (object);
}

static void
kasir_till_lock_class_init (KasirTillLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kasir_till_lock_dispose;
  object_class->finalize = kasir_till_lock_finalize;

  signals[LOCKED] =
    g_signal_new ("locked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
kasir_till_lock_init (KasirTillLock *self)
{
  self->last_input = g_get_monotonic_time ();
  self->hidden = g_ptr_array_new_with_free_func (g_object_unref);
  self->kept = g_hash_table_new (NULL, NULL);
}

KasirTillLock *
kasir_till_lock_new (AdwApplicationWindow *window,
                     KasirPinGuard        *guard)
{
  KasirTillLock *self;
  GtkEventController *controller;
  GtkWidget *content;

  g_return_val_if_fail (ADW_IS_APPLICATION_WINDOW (window), NULL);
  g_return_val_if_fail (KASIR_IS_PIN_GUARD (guard), NULL);

  self = g_object_new (KASIR_TYPE_TILL_LOCK, NULL);
  self->window = window;
  g_object_weak_ref (G_OBJECT (window), on_window_destroyed, self);
  self->screen = g_object_ref_sink (kasir_lock_screen_new (guard));
  g_signal_connect (self->screen, "unlocked", G_CALLBACK (on_unlocked), self);
  gtk_widget_set_vexpand (self->screen, TRUE);
  /* The window's own header bar goes away with its content; this one keeps the window
   * movable and closable while locked. */
  self->page = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_box_append (GTK_BOX (self->page), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (self->page), self->screen);

  /* The window's content moves once, into a stack beside the lock page, while nothing
   * in it has focus yet. Locking then only switches pages: the content (and the cart
   * in it) stays in place, and no widget is ever taken out of a live window. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  content = adw_application_window_get_content (window);
  if (content != NULL)
    g_object_ref (content);
  adw_application_window_set_content (window, NULL);
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  if (content != NULL)
    {
      gtk_stack_add_named (self->stack, content, "content");
      g_object_unref (content);
    }
  gtk_stack_add_named (self->stack, self->page, "lock");
  gtk_stack_set_visible_child_name (self->stack, "content");
  adw_application_window_set_content (window, GTK_WIDGET (self->stack));

  /* Capture phase: the window sees every input before any widget can stop it. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key), self);
  self->controllers[0] = controller;
  controller = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (on_pointer), self);
  self->controllers[1] = controller;
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (on_pointer), self);
  self->controllers[2] = controller;
  for (guint i = 0; i < G_N_ELEMENTS (self->controllers); i++)
    gtk_widget_add_controller (GTK_WIDGET (window), self->controllers[i]);

  return self;
}

void
kasir_till_lock_lock (KasirTillLock *self)
{
  g_return_if_fail (KASIR_IS_TILL_LOCK (self));

  if (self->window == NULL || self->locked)
    return;

  g_clear_pointer (&self->staff, kasir_staff_free);
  g_set_weak_pointer (&self->restore_focus, gtk_root_get_focus (GTK_ROOT (self->window)));
  self->locked = TRUE;
  hide_dialogs (self);
  gtk_stack_set_visible_child_name (self->stack, "lock");
  /* Actions and shortcuts of an insensitive widget do not run. */
  if (gtk_stack_get_child_by_name (self->stack, "content") != NULL)
    gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->stack, "content"), FALSE);
  kasir_lock_screen_reset (KASIR_LOCK_SCREEN (self->screen));
  gtk_widget_grab_focus (self->screen);
  g_signal_emit (self, signals[LOCKED], 0);
}

void
kasir_till_lock_unlock_as (KasirTillLock    *self,
                           const KasirStaff *staff)
{
  g_return_if_fail (KASIR_IS_TILL_LOCK (self));
  g_return_if_fail (staff != NULL);

  on_unlocked (NULL, staff, self);
}

gboolean
kasir_till_lock_get_locked (KasirTillLock *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_LOCK (self), FALSE);

  return self->locked || self->staff == NULL;
}

const KasirStaff *
kasir_till_lock_get_staff (KasirTillLock *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_LOCK (self), NULL);

  return self->staff;
}

void
kasir_till_lock_set_idle_minutes (KasirTillLock *self,
                                  guint          minutes)
{
  g_return_if_fail (KASIR_IS_TILL_LOCK (self));

  kasir_till_lock_set_idle_seconds (self, minutes * 60);
}

void
kasir_till_lock_set_idle_seconds (KasirTillLock *self,
                                  guint          seconds)
{
  g_return_if_fail (KASIR_IS_TILL_LOCK (self));

  self->idle_seconds = seconds;
  note_input (self);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  /* Checking a few times per timeout keeps the lock within a fraction of it late,
   * without waking up every second for a five-minute timeout. */
  if (seconds > 0 && self->window != NULL)
    self->idle_id = g_timeout_add_seconds (CLAMP (seconds / 4, 1, 15), on_idle_check, self);
}

static void
on_kept_destroyed (GtkWindow     *window,
                   KasirTillLock *self)
{
  g_hash_table_remove (self->kept, window);
}

/**
 * kasir_till_lock_keep_visible:
 * @self: a till lock
 * @window: a dialog over the locked window
 *
 * Leaves @window in view while locked (first-run set-up, which creates the first
 * person who can unlock, or a message that only informs). Other dialogs are hidden on
 * lock and shown again on unlock.
 */
void
kasir_till_lock_keep_visible (KasirTillLock *self,
                              GtkWindow     *window)
{
  g_return_if_fail (KASIR_IS_TILL_LOCK (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (!g_hash_table_add (self->kept, window))
    return;
  g_signal_connect (window, "destroy", G_CALLBACK (on_kept_destroyed), self);
}

GtkWidget *
kasir_till_lock_get_screen (KasirTillLock *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_LOCK (self), NULL);

  return self->screen;
}
