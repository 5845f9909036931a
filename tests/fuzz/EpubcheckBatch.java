import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

/** Checks several EPUBs in one JVM (epubcheck's CLI takes one file, and the JVM start costs ~3 s). */
public class EpubcheckBatch {
  public static void main(String[] args) {
    int bad = 0;
    for (String path : args) {
      DefaultReportImpl report = new DefaultReportImpl(path);
      new EpubCheck(new File(path), report).validate();
      int e = report.getErrorCount() + report.getFatalErrorCount();
      System.out.println("RESULT " + path + " errors=" + e + " warnings=" + report.getWarningCount());
      if (e > 0) bad++;
    }
    System.exit(bad > 0 ? 1 : 0);
  }
}
