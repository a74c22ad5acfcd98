package io.azmonrw.webhook.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeVersionTest {

    @Test
    void parsesVendorGitVersions() {
        assertThat(KubeVersion.parseGitVersion("v1.29.3+k3s1")).contains(new KubeVersion(1, 29));
        assertThat(KubeVersion.parseGitVersion("v1.28.5-eks-5e0fdde")).contains(new KubeVersion(1, 28));
        assertThat(KubeVersion.parseGitVersion("v1.30.0-rc.1")).contains(new KubeVersion(1, 30));
        assertThat(KubeVersion.parseGitVersion("1.31")).contains(new KubeVersion(1, 31));
        assertThat(KubeVersion.parseGitVersion("v1.27.9-gke.1092000")).contains(new KubeVersion(1, 27));
        assertThat(KubeVersion.parseGitVersion("v1.32.1")).contains(new KubeVersion(1, 32));
    }

    @Test
    void rejectsNonVersions() {
        assertThat(KubeVersion.parseGitVersion(null)).isEmpty();
        assertThat(KubeVersion.parseGitVersion("")).isEmpty();
        assertThat(KubeVersion.parseGitVersion("latest")).isEmpty();
        assertThat(KubeVersion.parseGitVersion("v1")).isEmpty();
        assertThat(KubeVersion.parseGitVersion("v1.x.3")).isEmpty();
        assertThat(KubeVersion.parseGitVersion("v1.99999999999.0")).isEmpty();
    }

    @Test
    void parsesMinorWithPlus() {
        assertThat(KubeVersion.parseMajorMinor("1", "29+")).contains(new KubeVersion(1, 29));
        assertThat(KubeVersion.parseMajorMinor("1", "28")).contains(new KubeVersion(1, 28));
        assertThat(KubeVersion.parseMajorMinor("1", "")).isEmpty();
        assertThat(KubeVersion.parseMajorMinor(null, "29")).isEmpty();
    }

    @Test
    void serverVersionFallsBackToGitVersion() {
        assertThat(KubeVersion.parseServer("", "", "v1.29.1+k3s2")).contains(new KubeVersion(1, 29));
        assertThat(KubeVersion.parseServer("1", "30+", "v1.29.1")).contains(new KubeVersion(1, 30));
    }

    @Test
    void ordersByMajorThenMinor() {
        assertThat(new KubeVersion(1, 29).atLeast(new KubeVersion(1, 29))).isTrue();
        assertThat(new KubeVersion(1, 30).atLeast(new KubeVersion(1, 29))).isTrue();
        assertThat(new KubeVersion(1, 28).atLeast(new KubeVersion(1, 29))).isFalse();
        assertThat(new KubeVersion(2, 0).atLeast(new KubeVersion(1, 29))).isTrue();
    }

    @Test
    void nativeOnlyWhenServerAndEveryKubeletAre129() {
        Optional<KubeVersion> s129 = Optional.of(new KubeVersion(1, 29));
        assertThat(SidecarSupport.decide(s129, List.of("v1.29.3+k3s1", "v1.30.0"))
                        .nativeSupported())
                .isTrue();
        assertThat(SidecarSupport.decide(s129, List.of("v1.29.3", "v1.28.9-eks-1"))
                        .nativeSupported())
                .isFalse();
        assertThat(SidecarSupport.decide(Optional.of(new KubeVersion(1, 28)), List.of("v1.29.0"))
                        .nativeSupported())
                .isFalse();
        assertThat(SidecarSupport.decide(Optional.empty(), List.of("v1.30.0")).nativeSupported())
                .isFalse();
        assertThat(SidecarSupport.decide(s129, List.of()).nativeSupported()).isFalse();
        assertThat(SidecarSupport.decide(s129, List.of("v1.30.0", "")).nativeSupported())
                .isFalse();
    }

    @Test
    void verdictNamesTheOldComponent() {
        SidecarSupport.Verdict v =
                SidecarSupport.decide(Optional.of(new KubeVersion(1, 30)), List.of("v1.30.1", "v1.27.4"));
        assertThat(v.reason()).contains("v1.27.4");
    }
}
