; Inno Setup script: installs the one-folder build (dist\evidence-workbench) per user, adds a
; Start menu entry and makes .wbproj files open with Evidence Workbench.
; Built by packaging\windows\build.ps1 (ISCC /DAppVersion=X.Y.Z installer.iss).
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6B1F0D3E-5C2A-4E8B-9F1D-2A7C4E9B8D10}
AppName=Evidence Workbench
AppVersion={#AppVersion}
AppPublisher=Evidence Workbench
DefaultDirName={autopf}\Evidence Workbench
DefaultGroupName=Evidence Workbench
PrivilegesRequired=lowest
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=EvidenceWorkbench-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\evidence-workbench.ico
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "..\..\dist\evidence-workbench\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Evidence Workbench"; Filename: "{app}\workbench.exe"
Name: "{userdesktop}\Evidence Workbench"; Filename: "{app}\workbench.exe"; Tasks: desktopicon

[Tasks]
Name: desktopicon; Description: "Create a desktop icon"; Flags: unchecked

[Registry]
Root: HKA; Subkey: "Software\Classes\.wbproj"; ValueType: string; ValueData: "EvidenceWorkbench.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\EvidenceWorkbench.Project"; ValueType: string; ValueData: "Evidence Workbench project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\EvidenceWorkbench.Project\DefaultIcon"; ValueType: string; ValueData: "{app}\workbench.exe,0"
Root: HKA; Subkey: "Software\Classes\EvidenceWorkbench.Project\shell\open\command"; ValueType: string; ValueData: """{app}\workbench.exe"" ""%1"""

[Run]
Filename: "{app}\workbench.exe"; Description: "Open Evidence Workbench"; Flags: nowait postinstall skipifsilent
