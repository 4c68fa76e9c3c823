#!/usr/bin/env Rscript
# Writes em4j-core/src/test/resources/golden/mclust_faithful.json: the maximum log-likelihood
# of a two-component, full-covariance ("VVV") Gaussian mixture of Old Faithful found by mclust.
#
# Run from the repository root (Debian's r-cran-mclust 6.0.0):
#
#     Rscript scripts/golden/faithful_reference.R
#
# mclust has no covariance regularisation (em4j and scikit-learn add 1e-6 to every diagonal), so
# its value is that of the unregularised maximum; the test compares with a tolerance that says so.
# mclust starts from model-based hierarchical clustering. It is run twice: with its default
# convergence tolerance (relative change of the log-likelihood below 1e-5) and with 1e-12, which
# is the value the test uses.

suppressPackageStartupMessages(library(mclust))

x <- read.csv("em4j-core/src/test/resources/faithful.csv")
stopifnot(nrow(x) == 272, ncol(x) == 2)

default_fit <- Mclust(x, G = 2, modelNames = "VVV", verbose = FALSE)
tight_fit <- Mclust(x, G = 2, modelNames = "VVV", verbose = FALSE,
                    control = emControl(tol = c(1e-12, sqrt(.Machine$double.eps)),
                                        itmax = c(.Machine$integer.max, .Machine$integer.max)))

num <- function(v) formatC(v, digits = 17, format = "g")
vec <- function(v) paste0("[", paste(num(v), collapse = ", "), "]")

p <- tight_fit$parameters
order <- order(p$mean[1, ])
means <- paste0("[", paste(sapply(order, function(k) vec(p$mean[, k])), collapse = ", "), "]")
covs <- paste0("[", paste(sapply(order, function(k) {
  s <- p$variance$sigma[, , k]
  paste0("[", vec(s[1, ]), ", ", vec(s[2, ]), "]")
}), collapse = ", "), "]")

json <- paste0(
  "{\n",
  " \"writtenBy\": \"scripts/golden/faithful_reference.R\",\n",
  " \"mclustVersion\": \"", as.character(packageVersion("mclust")), "\",\n",
  " \"rVersion\": \"", R.version$major, ".", R.version$minor, "\",\n",
  " \"data\": \"faithful.csv\",\n",
  " \"model\": \"Mclust(faithful, G = 2, modelNames = \\\"VVV\\\")\",\n",
  " \"regularization\": 0,\n",
  " \"logLikelihoodDefaultTolerance\": ", num(default_fit$loglik), ",\n",
  " \"logLikelihood\": ", num(tight_fit$loglik), ",\n",
  " \"weights\": ", vec(p$pro[order]), ",\n",
  " \"means\": ", means, ",\n",
  " \"covariances\": ", covs, "\n",
  "}\n")
out <- "em4j-core/src/test/resources/golden/mclust_faithful.json"
writeLines(json, out, sep = "")
cat("wrote", out, "\n")
cat("mclust loglik (default tol):", num(default_fit$loglik), "\n")
cat("mclust loglik (tol 1e-12):  ", num(tight_fit$loglik), "\n")
