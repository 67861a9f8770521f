package main

import (
	"archive/zip"
	"bytes"
	"os"
	"time"
)

// ScormFileName is the SCORM 1.2 package Build writes beside the folder.
const ScormFileName = "ingestion-playground-scorm12.zip"

// scormManifest describes the package to a learning platform: one
// shareable content object, the single-file page, which reports the
// learner's progress through the platform's SCORM 1.2 API (js/scorm.js).
const scormManifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="ingestion-playground" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ingestion-playground-org">
    <organization identifier="ingestion-playground-org">
      <title>Ingestion Playground</title>
      <item identifier="playground" identifierref="playground-page" isvisible="true">
        <title>Batch, streaming and ETL on realistic sales data</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="playground-page" type="webcontent" adlcp:scormtype="sco" href="` + SingleFileName + `">
      <file href="` + SingleFileName + `"/>
    </resource>
  </resources>
</manifest>
`

// WriteScormPackage writes the SCORM 1.2 package: imsmanifest.xml and the
// single-file page. The entries carry a fixed time, so the same page gives
// the same bytes.
func WriteScormPackage(single, out string) error {
	page, err := os.ReadFile(single)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range []struct {
		name string
		body []byte
	}{{"imsmanifest.xml", []byte(scormManifest)}, {SingleFileName, page}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		if _, err := w.Write(f.body); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
