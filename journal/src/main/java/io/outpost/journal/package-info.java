/** The analytics journal: one versioned record per exchange in a Chronicle Queue (ARCHITECTURE.md contract 4). */
package io.outpost.journal;
