package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import com.fasterxml.jackson.core.type.TypeReference;
import io.ocelot.core.Json;
import io.ocelot.core.build.TestFailure;
import io.ocelot.core.build.TestReport;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test results per stage of a build. What a werker sends is bounded here again (it is input from outside): at most
 * {@link TestReport#MAX_FAILURES} failures, texts cut to their documented lengths, counts never negative.
 */
@Named
public class TestResultStore {
    private static final int MAX_NAME = 500;
    private static final int MAX_TRACE = 8000;
    private final ActiveObjects ao;

    @Inject
    public TestResultStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    /**
     * Replaces the stage's results under the build's lease (false: the lease is gone, nothing written); null
     * {@code report} removes them (the stage of a new attempt read none).
     */
    public boolean record(long buildId, int attempt, String leaseId, int index, TestReport report) {
        return ao.executeInTransaction(() -> {
            BuildEntity b = BuildRowLock.lock(ao, buildId);
            if (!BuildRowLock.holds(b, attempt, leaseId)) {
                return false;
            }
            TestResultEntity[] old = ao.find(TestResultEntity.class, "BUILD_ID = ? AND STAGE_INDEX = ?", buildId, index);
            if (old.length > 0) {
                ao.delete(old);
            }
            if (report != null) {
                TestReport r = bounded(report);
                TestResultEntity e = ao.create(TestResultEntity.class, Map.of("BUILD_ID", buildId));
                e.setStageIndex(index);
                e.setPassed(r.passed());
                e.setFailed(r.failed());
                e.setSkipped(r.skipped());
                e.setFailuresJson(Json.write(r.failures()));
                e.save();
            }
            return true;
        });
    }

    /** Each stage's results that has any, by stage index in order. */
    public Map<Integer, TestReport> byStage(long buildId) {
        Map<Integer, TestReport> out = new LinkedHashMap<>();
        for (TestResultEntity e : ao.find(TestResultEntity.class,
                Query.select().where("BUILD_ID = ?", buildId).order("STAGE_INDEX ASC"))) {
            out.put(e.getStageIndex(), new TestReport(e.getPassed(), e.getFailed(), e.getSkipped(),
                    failures(e.getFailuresJson()), List.of()));
        }
        return out;
    }

    /** The whole build's results, or null when no stage read any. */
    public TestReport total(long buildId) {
        TestReport all = null;
        for (TestReport r : byStage(buildId).values()) {
            all = all == null ? r : all.plus(r);
        }
        return all;
    }

    private static List<TestFailure> failures(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(json, new TypeReference<List<TestFailure>>() { });
        } catch (java.io.IOException e) {
            return List.of(); // written by this class; unreadable only if the column was edited by hand
        }
    }

    static TestReport bounded(TestReport r) {
        List<TestFailure> fs = new ArrayList<>();
        for (TestFailure f : r.failures().subList(0, Math.min(r.failures().size(), TestReport.MAX_FAILURES))) {
            if (f == null) {
                continue;
            }
            fs.add(new TestFailure(cut(f.suite(), MAX_NAME), cut(f.test(), MAX_NAME),
                    cut(f.message(), TestFailure.MAX_MESSAGE), cut(f.trace(), MAX_TRACE), cut(f.file(), MAX_NAME),
                    f.line() == null || f.line() < 1 ? null : f.line()));
        }
        return new TestReport(Math.max(0, r.passed()), Math.max(fs.size(), r.failed()), Math.max(0, r.skipped()),
                fs, List.of());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
