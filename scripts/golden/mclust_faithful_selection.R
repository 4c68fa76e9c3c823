#!/usr/bin/env Rscript
# Golden values for em4j's model selection test: mclust's BIC and ICL tables on Old Faithful
# for the four covariance structures em4j has (mclust names: VVV = full, VVI = diag,
# VII = spherical, EEE = tied), K = 1..9.
#
# mclust's sign convention is the opposite of em4j's: mclust BIC = 2 logL - p log n (higher is
# better); em4j's is -2 logL + p log n (lower is better). This file keeps mclust's own numbers;
# the test flips the sign. mclust starts EM from a model-based hierarchical clustering and has no
# covariance regularisation (em4j: k-means++ restarts and reg 1e-6), so the two may reach
# different local maxima for K >= 2: the test compares them accordingly.
#
# Run from the repository root:
#   Rscript scripts/golden/mclust_faithful_selection.R \
#     em4j-core/src/test/resources/data/faithful.csv \
#     em4j-core/src/test/resources/golden/mclust-faithful-selection.csv
suppressPackageStartupMessages(library(mclust))
args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1])
n <- nrow(x)
d <- ncol(x)
models <- c(VVV = "full", VVI = "diag", VII = "spherical", EEE = "tied")
bic <- mclustBIC(x, G = 1:9, modelNames = names(models))
icl <- mclustICL(x, G = 1:9, modelNames = names(models))
rows <- list()
for (m in names(models)) {
  for (g in 1:9) {
    b <- bic[as.character(g), m]
    df <- nMclustParams(m, d, g)
    rows[[length(rows) + 1]] <- data.frame(
      structure = models[[m]], mclustModel = m, components = g, df = df,
      mclustBIC = b, logLikelihood = (b + df * log(n)) / 2,
      mclustICL = icl[as.character(g), m])
  }
}
out <- do.call(rbind, rows)
write.csv(out, args[2], row.names = FALSE, quote = FALSE)
cat(sprintf("mclust %s: wrote %d cells to %s\n", packageVersion("mclust"), nrow(out), args[2]))
