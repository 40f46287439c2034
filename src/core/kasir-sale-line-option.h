/* kasir-sale-line-option.h — the modifier options chosen on a cart or sale line: as text
 * for the cart, the receipt and the kitchen ticket, compared, and summed.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-models.h"

G_BEGIN_DECLS

/* The options' names in order, joined by @separator (", " when NULL): "Less sugar, Iced,
 * Extra shot". NULL when @options is NULL or empty. */
char     *kasir_line_options_text       (GPtrArray           *options,
                                         const char          *separator);
/* The same for a sale line, for the receipt and the kitchen ticket. */
char     *kasir_sale_line_options_text  (const KasirSaleLine *line,
                                         const char          *separator);
/* Whether two lines chose the same: the same options at the same prices and group
 * versions, in the same order. NULL and empty are the same. */
gboolean  kasir_line_options_equal      (GPtrArray           *a,
                                         GPtrArray           *b);
/* The sum of the options' prices; FALSE when it would overflow. */
gboolean  kasir_line_options_price      (GPtrArray           *options,
                                         KasirMoney          *out);

G_END_DECLS
