-- The cost of a finished submission: resources asked for times running time times the configured
-- rates (cost.memoryMbSecond, cost.vCoreSecond); empty when no rates are configured.
ALTER TABLE submission ADD cost DOUBLE PRECISION;
