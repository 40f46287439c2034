/* kasir-customer-dialog.h — find a customer to attach to the sale, or make one.
 *
 * The search asks the customer repository (name, phone digits, member code) as the
 * cashier types; activating a row chooses that customer. The form below makes a new
 * customer offline (customer.upsert with a new client id, kasir-customer-repository.h)
 * and chooses it; a bad field gets its message under the form and nothing is written.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CUSTOMER_DIALOG (kasir_customer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirCustomerDialog, kasir_customer_dialog, KASIR, CUSTOMER_DIALOG, AdwWindow)

/* Emits "customer-chosen" (gint64 id) and closes when a customer is chosen or made. */
KasirCustomerDialog *kasir_customer_dialog_new           (GtkWindow           *parent,
                                                          KasirTillContext    *context);
/* Runs the search for @text now, as typing it would. */
void                 kasir_customer_dialog_search        (KasirCustomerDialog *self,
                                                          const char          *text);
guint                kasir_customer_dialog_get_n_results (KasirCustomerDialog *self);
/* The @index-th result's row, as a person activates it. */
GtkWidget           *kasir_customer_dialog_get_row       (KasirCustomerDialog *self,
                                                          guint                index);
/* Fills the new-customer form and presses Add. Returns the new id, or 0 with @error
 * (the message is also shown in the dialog). */
gint64               kasir_customer_dialog_create        (KasirCustomerDialog *self,
                                                          const char          *name,
                                                          const char          *phone,
                                                          const char          *member_code,
                                                          GError             **error);
const char          *kasir_customer_dialog_get_message   (KasirCustomerDialog *self);

G_END_DECLS
